"""Operations: /healthz, the request id on responses and log lines, error reporting off by default."""

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from frister import outbox
from frister.models import Koersel
from frister.services import notifikation_create
from tilsyn.drift import RequestIdFilter, request_id_var

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
REPORT_KEYS = {"ok", "database", "redis", "sweeps", "udbakke"}


def test_healthz_answers_without_login_and_shows_no_personal_data(konsulent_hovedstaden):
    notifikation_create(user=konsulent_hovedstaden, titel="Påmindelse om Familien Ærø")
    outbox.record_run("frister.udbakke")
    r = Client().get("/healthz")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    assert "no-store" in r["Cache-Control"]
    report = r.json()
    assert set(report) == REPORT_KEYS and report["ok"] is True
    assert report["database"]["ok"] and report["redis"]["ok"]
    assert report["udbakke"]["ventende"] == 1
    assert report["sweeps"]["frister.udbakke"]["ok"] is True
    assert report["sweeps"]["frister.sweep"] == {"alder_sekunder": None, "ok": None}  # never ran here: unknown
    body = r.content.decode()
    assert "Ærø" not in body and konsulent_hovedstaden.username not in body and "@" not in body


def test_healthz_fails_fast_when_redis_is_gone(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    start = time.monotonic()
    r = Client().get("/healthz")
    assert r.status_code == 503 and r.json()["redis"]["ok"] is False and r.json()["ok"] is False
    assert time.monotonic() - start < 5


def test_sweep_age_goes_stale(settings):
    Koersel.objects.create(navn="frister.udbakke", seneste=timezone.now() - timezone.timedelta(hours=1))
    report = Client().get("/healthz").json()
    assert report["sweeps"]["frister.udbakke"]["ok"] is False and report["sweeps"]["frister.udbakke"]["alder_sekunder"] >= 3600
    assert report["ok"] is True  # the web itself is healthy; the worker's own check fails (below)
    with pytest.raises(CommandError, match=r"Forsinket: .*frister\.udbakke"):
        call_command("healthz", "--sweeps", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("healthz", stdout=open(os.devnull, "w"))  # noqa: SIM115 - without --sweeps: fine


def test_request_id_is_echoed_or_made():
    client = Client()
    made = client.get("/log-ind/")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/log-ind/", HTTP_X_REQUEST_ID="abc-123.x")["X-Request-ID"] == "abc-123.x"
    assert client.get("/log-ind/", HTTP_X_REQUEST_ID="bad id\nX: y")["X-Request-ID"] not in ("bad id\nX: y", "")


def test_a_404_is_logged_with_its_request_id(caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        r = Client().get("/findes-ikke/", HTTP_X_REQUEST_ID="rid-404")
    (record,) = [rec for rec in caplog.records if rec.name == "django.request"]
    RequestIdFilter().filter(record)
    assert r.status_code == 404 and record.request_id == "rid-404"


def test_log_lines_carry_time_level_logger_and_request_id():
    from django.conf import settings

    fmt = settings.LOGGING["formatters"]["line"]["format"]
    for part in ("%(asctime)s", "%(levelname)s", "%(name)s", "%(request_id)s"):
        assert part in fmt
    record = logging.LogRecord("tilsyn.test", logging.INFO, __file__, 1, "hej", None, None)
    token = request_id_var.set("req-42")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = logging.Formatter(fmt).format(record)
    assert " INFO tilsyn.test [req-42] hej" in line
    outside = logging.LogRecord("celery", logging.INFO, __file__, 1, "x", None, None)
    RequestIdFilter().filter(outside)
    assert outside.request_id == "-"


def test_error_reporting_is_off_unless_a_dsn_is_set():
    probe = "import django; django.setup(); import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tilsyn.settings"}
    env.pop("SENTRY_DSN", None)
    off = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    on = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env={**env, "SENTRY_DSN": "https://key@glitchtip.invalid/1"},
                        capture_output=True, text=True, timeout=120)
    assert off.stdout.strip() == "False" and on.stdout.strip() == "True", (off.stderr, on.stderr)


def test_healthz_command_prints_the_report():
    out = subprocess.run([sys.executable, "manage.py", "healthz"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "DJANGO_SETTINGS_MODULE": "tilsyn.settings"})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["database"]["ok"] is True


def test_every_beat_task_records_its_run_and_only_those(settings):
    from celery import shared_task

    from journal.tasks import journal_sweep

    @shared_task(name="tests.not_in_beat")
    def not_in_beat():
        return 1

    journal_sweep.apply()
    not_in_beat.apply()
    assert list(Koersel.objects.values_list("navn", flat=True)) == ["journal.sweep"]
    report = Client().get("/healthz").json()
    assert report["sweeps"]["journal.sweep"]["ok"] is True
