"""Single sign-on in the demo (`make run`): set up the stand-in identity provider for Socialtilsyn
Hovedstaden and print the environment Tilsyn needs, for the shell to `eval`:

    eval "$(python scripts/oidc_idp/demo.py --idp-port 8001 --port 8000)"

The IdP gets its own database next to Tilsyn's (same server, name + "_idp") and the demo users of
Hovedstaden with the demo password; their groups give the roles. The first login through it links
to the existing demo user with the same e-mail. Set DEMO_SSO=false to leave it out."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
CLIENT_ID, CLIENT_SECRET = "tilsyn-demo", "tilsyn-demo-secret"  # demo only, like the demo passwords
USERS = [
    ("konsulent-hovedstaden", ["tilsyn-konsulent"]),
    ("jurist-hovedstaden", ["tilsyn-jurist"]),
    ("leder-hovedstaden", ["tilsyn-leder"]),
    ("ny-konsulent-hovedstaden", ["tilsyn-konsulent"]),  # no Tilsyn user yet: created at the first login
]


def idp_database_url(database_url: str) -> tuple[str, str]:
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/") + "_idp"
    return urlunsplit(parts._replace(path="/" + name)), name


def create_database(database_url: str, name: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
    conninfo = {"host": query.get("host") or parts.hostname or "localhost", "port": parts.port or query.get("port"),
                "user": parts.username or "postgres", "password": parts.password or None, "dbname": "postgres"}
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--idp-port", default="8001")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()
    idp_url = f"http://127.0.0.1:{args.idp_port}"
    url, name = idp_database_url(os.environ["DATABASE_URL"])
    create_database(os.environ["DATABASE_URL"], name)
    env = {**os.environ, "IDP_DATABASE_URL": url, "IDP_URL": idp_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, str(HERE / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, stdout=sys.stderr)
    users = [{"username": u, "password": "demo", "email": f"{u}@example.org", "first_name": u.split("-")[0].capitalize(),
              "last_name": "(SSO)", "groups": groups} for u, groups in USERS]
    redirects = [f"http://{host}:{args.port}/sso/callback/" for host in ("127.0.0.1", "localhost")]
    subprocess.run([*manage, "idp_setup", "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET,
                    *[arg for r in redirects for arg in ("--redirect-uri", r)], "--users", json.dumps(users)],
                   env=env, check=True, stdout=sys.stderr)
    exports = {
        "IDP_DATABASE_URL": url, "IDP_URL": idp_url, "IDP_PORT": args.idp_port,
        "SSO_PROVIDERS": "hovedstaden", "SSO_HOVEDSTADEN_NAVN": "Frederiksberg Kommunes login (demo)",
        "SSO_HOVEDSTADEN_ISSUER": f"{idp_url}/openid", "SSO_HOVEDSTADEN_CLIENT_ID": CLIENT_ID,
        "SSO_HOVEDSTADEN_CLIENT_SECRET": CLIENT_SECRET, "SSO_HOVEDSTADEN_SCOPES": "openid email profile groups",
        "SSO_HOVEDSTADEN_ROLLER": "konsulent=tilsyn-konsulent,jurist=tilsyn-jurist,leder=tilsyn-leder",
    }
    for key, value in exports.items():
        print(f"export {key}={shlex.quote(value)}")
    print("Single sign-on (demo): »Log ind med Frederiksberg Kommunes login« på log ind-siden; brugere "
          "konsulent-hovedstaden, jurist-hovedstaden, leder-hovedstaden og ny-konsulent-hovedstaden med "
          "adgangskoden demo.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
