#!/usr/bin/env bash
# `make test`: set up, then lint, type-check, check migrations, the API schema and translations,
# build and serve the wheel, and run the whole pytest suite (browser tests included). Extra
# arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
if [ "${PUENTE_PYTEST_ONLY:-0}" != 1 ]; then
  say "ruff"
  .venv/bin/ruff check .
  .venv/bin/ruff format --check .
  say "mypy"
  .venv/bin/mypy puente
  say "migrations are up to date"
  DEBUG=true .venv/bin/python manage.py makemigrations --check --dry-run -v0
  say "the API schema is up to date"
  schema=$(mktemp)
  DEBUG=true .venv/bin/python manage.py spectacular --lang en --fail-on-warn --file "$schema"
  if ! diff -q "$schema" docs/api/openapi.yaml >/dev/null; then
    diff -u docs/api/openapi.yaml "$schema" | head -40 || true
    rm -f "$schema"
    echo "the API changed: run make schema (and commit docs/api/openapi.yaml)" >&2
    exit 1
  fi
  rm -f "$schema"
  say "translations are complete"
  .venv/bin/python scripts/check_translations.py
  # Once per CI run (make test-postgres runs pytest only): offline, about a minute.
  say "the wheel builds, installs in a fresh virtualenv and serves"
  .venv/bin/python scripts/check_wheel.py
fi
say "pytest${DATABASE_URL:+ on $(echo "$DATABASE_URL" | cut -d: -f1)}"
export DJANGO_ALLOW_ASYNC_UNSAFE=true
.venv/bin/pytest "$@"
