#!/usr/bin/env bash
# `make run`: set up, migrate, load the demo data and serve Puente on http://127.0.0.1:8000 with
# the background-task worker beside it (SQLite in var/, emails printed to this terminal).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export DEBUG=${DEBUG:-true}
PORT=${PORT:-8000}
export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py seed_demo
.venv/bin/python manage.py db_worker --queue-name '*' &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo
echo "Puente is at http://127.0.0.1:$PORT/  (Ctrl+C stops it)"
.venv/bin/python manage.py runserver "127.0.0.1:$PORT"
