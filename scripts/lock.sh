#!/usr/bin/env bash
# `make lock`: re-pin requirements.txt after changing pyproject.toml (needs PyPI). In a throw-away
# virtualenv: the current lock first, then `.[dev]`, so that only what pyproject.toml changed
# moves (pip upgrades only what a new pin needs); then requirements.txt is written as exactly
# what `puente[dev]` needs there (a dependency dropped from pyproject.toml leaves the lock) plus
# the build backend, sorted as pip sorts. .venv is not touched: scripts/setup.sh installs the new
# lock into it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || scripts/setup.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
.venv/bin/python -m venv "$tmp/venv"
pip=("$tmp/venv/bin/python" -m pip install -q --disable-pip-version-check)
"${pip[@]}" -r requirements.txt
"${pip[@]}" '.[dev]'
"$tmp/venv/bin/python" scripts/lock.py > "$tmp/requirements.txt"
mv "$tmp/requirements.txt" requirements.txt
git diff --stat -- requirements.txt || true
