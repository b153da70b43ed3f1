#!/usr/bin/env bash
# `make test-fast`: the loop to run while working. Lint and types first (seconds), then pytest on
# both cores (pytest-xdist) without the browser tests and those marked slow, on test databases
# kept between runs in var/ (migrations still apply when they change). `make test` remains the
# whole suite. Extra arguments go to pytest (e.g. a path, -k, or -m "not browser" to include the
# slow tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test >/dev/null
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
start=$(date +%s)
say "ruff"
.venv/bin/ruff check -q .
.venv/bin/ruff format --check -q .
say "mypy"
.venv/bin/mypy puente
marks="not browser and not slow"
for arg in "$@"; do [ "$arg" = "-m" ] && marks=""; done
say "pytest -n 2${marks:+ -m \"$marks\"}"
export DJANGO_ALLOW_ASYNC_UNSAFE=true PUENTE_REUSE_TEST_DB=1
.venv/bin/pytest -n 2 --reuse-db ${marks:+-m "$marks"} -q "$@"
echo "test-fast: $(( $(date +%s) - start )) s"
