# The README's two commands: `make run` and `make test`.
.PHONY: run test test-fast test-future test-postgres screenshots setup lock messages clean schema

run:  ## set up, load the demo data and serve on http://127.0.0.1:8000
	scripts/run.sh

test:  ## set up and run the whole suite (ruff, mypy, migrations, translations, the wheel, pytest) on SQLite
	scripts/test.sh

test-fast:  ## while you work: lint, then pytest on both cores without the browser and slow tests
	scripts/test-fast.sh

test-future:  ## the suite (without browser tests) with the clock a year and six hours ahead
	PUENTE_CLOCK_OFFSET_DAYS=365.25 scripts/test-fast.sh -m "not browser"

screenshots:  ## retake the user guide's screenshots (docs/screenshots) with the browser tests
	scripts/setup.sh test
	PUENTE_SCREENSHOTS=1 DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest -m browser -q

test-postgres:  ## the same suite against a throw-away PostgreSQL server on loopback
	scripts/setup.sh postgres
	PUENTE_PYTEST_ONLY=1 scripts/with-postgres.sh scripts/test.sh

setup:
	scripts/setup.sh test

messages:  ## update the translation catalogs after changing strings
	DEBUG=true .venv/bin/python manage.py makemessages -l es -l en --ignore=.venv --ignore=node_modules --no-obsolete
	DEBUG=true .venv/bin/python manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

schema:  ## regenerate the committed OpenAPI schema after changing the API (docs/api/openapi.yaml)
	DEBUG=true .venv/bin/python manage.py spectacular --lang en --fail-on-warn --validate --file docs/api/openapi.yaml

lock:  ## re-pin requirements.txt after changing pyproject.toml (in a throw-away virtualenv)
	scripts/lock.sh

clean:
	rm -rf .venv node_modules var staticfiles
