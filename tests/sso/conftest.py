"""A real OpenID Connect provider for the SSO tests: the stand-in IdP (scripts/oidc_idp, django-oidc-provider)
started as its own Django project, with its own database on the test PostgreSQL server and its own port,
with a Tilsyn client registered for the live server's callback and users in groups."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
import requests
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
IDP = ROOT / "scripts" / "oidc_idp" / "manage.py"
CLIENT_ID, CLIENT_SECRET = "tilsyn-test", "idp-test-secret-9f2c"
PASSWORD = "idp-password-123"
GRUPPER = "konsulent=tilsyn-konsulent,jurist=tilsyn-jurist,leder=tilsyn-leder|tilsyn-chef"
USERS = [
    {"username": "karen.holm", "email": "karen.holm@frederiksberg.dk", "first_name": "Karen", "last_name": "Holm",
     "groups": ["tilsyn-konsulent"]},
    {"username": "jens.berg", "email": "jens.berg@frederiksberg.dk", "first_name": "Jens", "last_name": "Berg",
     "groups": ["tilsyn-jurist", "alle-ansatte"]},
    {"username": "lise.dahl", "email": "lise.dahl@frederiksberg.dk", "first_name": "Lise", "last_name": "Dahl",
     "groups": ["tilsyn-chef", "tilsyn-konsulent"]},
    {"username": "ole.uden", "email": "ole@frederiksberg.dk", "first_name": "Ole", "last_name": "Uden",
     "groups": ["alle-ansatte"]},
    {"username": "soeren.lund", "email": "soeren.lund@example.org", "first_name": "Søren", "last_name": "Lund",
     "groups": ["tilsyn-konsulent"]},
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _admin_connection():
    s = connection.settings_dict
    return psycopg.connect(host=s["HOST"] or "localhost", port=s["PORT"] or None, user=s["USER"],
                           password=s["PASSWORD"] or None, dbname="postgres", autocommit=True)


def _url_for(dbname: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    if (s["HOST"] or "").startswith("/"):
        return f"postgresql://{auth}@/{dbname}?host={s['HOST']}" + (f"&port={s['PORT']}" if s["PORT"] else "")
    return f"postgresql://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{dbname}"


@pytest.fixture(scope="session")
def oidc_idp(django_db_setup, django_db_blocker, live_server, tmp_path_factory):
    """Start the IdP once for the session; yields its issuer URL."""
    with django_db_blocker.unblock():
        dbname = f"{connection.settings_dict['NAME']}_idp"
        with _admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
            admin.execute(f'CREATE DATABASE "{dbname}"')
        port = _free_port()
        env = {**os.environ, "IDP_DATABASE_URL": _url_for(dbname), "IDP_URL": f"http://127.0.0.1:{port}"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        run = [sys.executable, str(IDP)]
        subprocess.run([*run, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        users = [{**u, "password": PASSWORD} for u in USERS]
        subprocess.run([*run, "idp_setup", "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET,
                        "--redirect-uri", f"{live_server.url}/sso/callback/", "--users", json.dumps(users)],
                       env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        log = open(tmp_path_factory.mktemp("idp") / "idp.log", "w")  # noqa: SIM115 (closed at teardown)
        proc = subprocess.Popen([*run, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=ROOT,
                                stdout=log, stderr=subprocess.STDOUT)
        issuer = f"http://127.0.0.1:{port}/openid"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).ok:
                        break
                except requests.ConnectionError:
                    pass
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"The IdP did not start: {Path(log.name).read_text()[-2000:]}")
                time.sleep(0.3)
            yield issuer
        finally:
            proc.terminate()
            proc.wait(10)
            log.close()
            with _admin_connection() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


@pytest.fixture
def sso_settings(settings, oidc_idp):
    """Hovedstaden logs in through the IdP; groups map to roles as an IT department would configure it."""
    settings.SSO_PROVIDERS = {"hovedstaden": {
        "navn": "Frederiksberg Kommunes login", "issuer": oidc_idp, "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET, "scopes": "openid email profile groups", "rolle_claim": "groups",
        "roller": GRUPPER}}
    return settings


def sso_login(live_server, username: str, password: str = PASSWORD) -> tuple[requests.Session, requests.Response]:
    """The whole code flow over HTTP, as a browser does it: Tilsyn → IdP login form → IdP → Tilsyn callback."""
    session = requests.Session()
    response = session.get(f"{live_server.url}/sso/hovedstaden/", timeout=20)
    assert response.url.split("?")[0].endswith("/login/"), response.url
    csrf = session.cookies.get("idp_csrftoken")
    response = session.post(response.url, data={"username": username, "password": password,
                                                 "csrfmiddlewaretoken": csrf,
                                                 "next": requests.utils.unquote(response.url.split("next=", 1)[1])},
                            headers={"Referer": response.url}, timeout=20)
    return session, response
