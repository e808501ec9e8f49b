#!/usr/bin/env bash
# Runs inside scripts/with_services.py: ruff, then the whole pytest suite on the throwaway PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export TILSYN_TESTING=true DJANGO_ALLOW_ASYNC_UNSAFE=true
ruff check .
python manage.py makemigrations --check --dry-run >/dev/null || { echo "Der mangler migrationer."; exit 1; }
exec pytest "$@"
