#!/usr/bin/env bash
# Runs inside scripts/with_services.py (DATABASE_URL and REDIS_URL are set): migrate, demo data, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
python manage.py migrate --noinput
python manage.py demo_data --if-empty
python manage.py demo_data --print-logins
export PORT="${PORT:-8000}"
# Single sign-on in the demo: a stand-in identity provider for Hovedstaden (scripts/oidc_idp/demo.py).
if [ "${DEMO_SSO:-true}" != "false" ]; then
  eval "$(python scripts/oidc_idp/demo.py --idp-port "${IDP_PORT:-$((PORT + 1))}" --port "$PORT")"
fi
exec honcho start -f Procfile
