"""gunicorn's settings for Puente in production: `gunicorn -c python:puente.gunicorn_conf
puente.wsgi` (in a checkout, `gunicorn -c gunicorn.conf.py puente.wsgi` says the same).

Every value can be changed by an environment variable (see docs/operations.md).
"""

import multiprocessing
import os
from typing import Any

from gunicorn.glogging import Logger

from puente.core.health import PROBE_PATHS

# Behind a reverse proxy on the same machine; use 0.0.0.0:8000 only inside a container.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes: about two per core (the pages are mostly database work, not CPU).
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
# A few threads per process cover slow clients and uploads without more memory.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer than this is stuck (PDF reports are the slowest, a few seconds).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle processes now and then, so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Logs to stdout/stderr, for journald or the container runtime.
accesslog = "-"
errorlog = "-"


class ProbeQuietLogger(Logger):
    """gunicorn's logger without an access line for the health probes (/healthz, /readyz): an
    orchestrator asks every few seconds, and those lines would bury the requests of people."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if environ.get("PATH_INFO") in PROBE_PATHS:
            return
        super().access(resp, req, environ, request_time)


logger_class = ProbeQuietLogger
# The proxy in front sets X-Forwarded-For/Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
