"""gunicorn's settings for Puente, kept in the package (puente/gunicorn_conf.py) so that a wheel
has them too: `gunicorn -c gunicorn.conf.py puente.wsgi` in a checkout is the same as
`gunicorn -c python:puente.gunicorn_conf puente.wsgi` anywhere."""

from puente.gunicorn_conf import *  # noqa: F403
