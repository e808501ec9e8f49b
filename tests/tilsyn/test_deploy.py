import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_settings():
    env = _production_env()
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "", "TILSYN_TESTING": "false"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY skal være sat" in result.stderr


def _production_env(**extra) -> dict:
    """The environment docker-compose.yml gives the app: DEBUG is *not* set (off by default)."""
    env = {**os.environ, "SECRET_KEY": "a-long-production-secret-key-for-the-check-0123456789-abcdefghijklmnopqrstuvwxyz",
           "ALLOWED_HOSTS": "tilsyn.example.dk"}
    for name in ("DEBUG", "TILSYN_TESTING", "TILSYN_DEMO", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    return {**env, **extra}


PROBE = textwrap.dedent("""
    import json, django
    django.setup()
    from django.conf import settings
    from django.test import Client
    # collectstatic has not run here: hashed manifest names are production's only difference we skip.
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    client = Client(HTTP_HOST="tilsyn.example.dk")
    page = client.get("/log-ind/", secure=True)
    plain = client.get("/log-ind/")
    print(json.dumps({
        "DEBUG": settings.DEBUG,
        "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
        "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": settings.SESSION_EXPIRE_AT_BROWSER_CLOSE,
        "status": page.status_code,
        "csp": page.get("Content-Security-Policy", ""),
        "cache": page.get("Cache-Control", ""),
        "hsts": page.get("Strict-Transport-Security", ""),
        "plain_status": plain.status_code, "plain_location": plain.get("Location", ""),
    }))
""")


def test_production_settings_have_csp_no_store_hsts_and_debug_off():
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env={**_production_env(),
                            "DJANGO_SETTINGS_MODULE": "tilsyn.settings"}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout.strip().splitlines()[-1])
    assert got["DEBUG"] is False
    assert got["SESSION_COOKIE_SECURE"] and got["CSRF_COOKIE_SECURE"] and got["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    assert got["status"] == 200
    csp = dict(part.strip().split(" ", 1) for part in got["csp"].split(";") if part.strip())
    assert "'self'" in csp["script-src"] and "unsafe-inline" not in csp["script-src"]
    assert "unsafe-eval" not in csp["script-src"] and "unsafe-inline" not in csp.get("style-src", "")
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert "no-store" in got["cache"]
    assert got["hsts"].startswith("max-age=31536000")
    # Plain http is sent to https.
    assert got["plain_status"] == 301 and got["plain_location"].startswith("https://")


def test_debug_is_only_on_when_asked_for():
    probe = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    off = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env={**_production_env(),
                         "DJANGO_SETTINGS_MODULE": "tilsyn.settings"}, capture_output=True, text=True, timeout=120)
    on = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env={**_production_env(DEBUG="true"),
                        "DJANGO_SETTINGS_MODULE": "tilsyn.settings"}, capture_output=True, text=True, timeout=120)
    assert off.stdout.strip() == "False" and on.stdout.strip() == "True", (off.stderr, on.stderr)
