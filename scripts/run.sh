#!/usr/bin/env bash
# Runs inside scripts/with_services.py (DATABASE_URL and REDIS_URL are set): migrate, demo data, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
# The demo runs with production's settings (DEBUG off: the app's own 404/500 pages, CSP, timeouts)
# on plain http on the loopback (TILSYN_DEMO: no https redirect, static files from the source folders).
# DEBUG=true make run gives Django's debug pages instead.
export TILSYN_DEMO=true DEBUG="${DEBUG:-false}"
if [ -z "${SECRET_KEY:-}" ]; then
  key_file=var/dev/secret_key
  mkdir -p var/dev
  [ -s "$key_file" ] || python -c "import secrets; print(secrets.token_urlsafe(50))" > "$key_file"
  SECRET_KEY="$(cat "$key_file")"
  export SECRET_KEY
fi
python manage.py migrate --noinput
python manage.py demo_data --if-empty
python manage.py demo_data --print-logins
export PORT="${PORT:-8000}"
export TILSYN_BASE_URL="${TILSYN_BASE_URL:-http://127.0.0.1:$PORT}"  # links in the demo's e-mails
# Single sign-on in the demo: a stand-in identity provider for Hovedstaden (scripts/oidc_idp/demo.py).
if [ "${DEMO_SSO:-true}" != "false" ]; then
  eval "$(python scripts/oidc_idp/demo.py --idp-port "${IDP_PORT:-$((PORT + 1))}" --port "$PORT")"
fi
exec honcho start -f Procfile
