#!/usr/bin/env bash
# Prepare this checkout: Debian packages (if missing), the virtual environment, the test-only npm
# package, translations. Idempotent and quick when nothing changed.
#   scripts/setup.sh            what `make run` needs
#   scripts/setup.sh test       also what the test suite needs (chromium, axe-core)
#   scripts/setup.sh postgres   also PostgreSQL, for running the suite against it
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0; want_pg=0
for arg in "$@"; do
  case "$arg" in
    test) want_test=1 ;;
    postgres) want_test=1; want_pg=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Python 3.11 (Debian 12's python3).
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && \
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      PY=$candidate; break
    fi
  done
fi
[ -n "$PY" ] || { echo "Puente needs Python 3.11 (python3.11 or python3)." >&2; exit 1; }

# 1. Debian packages that are missing.
packages=()
"$PY" -c 'import ensurepip, venv' 2>/dev/null || packages+=(python3-venv)
command -v msgfmt >/dev/null 2>&1 || packages+=(gettext)
# WeasyPrint (PDF reports and certificates) renders with Pango and HarfBuzz, in DejaVu fonts.
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || packages+=("$pkg")
done
if [ "$want_test" = 1 ]; then
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
  # The files Puente sends, checked with the tools people open them with: PDFs (qpdf, poppler's
  # pdffonts/pdftoppm) and CSV files as Spanish Excel reads them (LibreOffice Calc, headless).
  command -v qpdf >/dev/null 2>&1 || packages+=(qpdf)
  command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
  command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-calc-nogui)
fi
if [ "$want_pg" = 1 ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
fi
if [ "${#packages[@]}" -gt 0 ]; then
  say "Installing Debian packages: ${packages[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "Please install these Debian packages as root: ${packages[*]}" >&2; exit 1
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# 2. The virtual environment, reinstalled only when requirements.txt changes.
if [ ! -x .venv/bin/python ]; then
  say "Creating the virtual environment (.venv)"
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha256
sum=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
  say "Installing Python packages"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
  echo "$sum" > "$stamp"
fi

# 3. axe-core for the browser tests' accessibility checks.
if [ "$want_test" = 1 ]; then
  stamp=node_modules/.package-lock.sha256
  sum=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    say "Installing axe-core (npm)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$sum" > "$stamp"
  fi
fi

# 4. Translations.
DEBUG=true .venv/bin/python manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules
mkdir -p var
