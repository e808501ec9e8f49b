"""A real Redis (started by scripts/with_services.py), a real Celery worker and beat: a due rung
becomes exactly one notification, and its e-mail is sent once by the worker."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from frister.models import FristTrin, Notifikation, TrinArt, TrinStatus

from .factories import frist as make_frist

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs the Redis started by scripts/with_services.py")]


def _database_url() -> str:
    s = connection.settings_dict
    host = s["HOST"] or "localhost"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    if host.startswith("/"):
        port = f"&port={s['PORT']}" if s["PORT"] else ""
        return f"postgresql://{auth}@/{s['NAME']}?host={host}{port}"
    return f"postgresql://{auth}@{host}:{s['PORT'] or 5432}/{s['NAME']}"


def _start(args, env, log):
    return subprocess.Popen([sys.executable, "-m", "celery", "-A", "tilsyn", *args], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)


def _stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_worker_and_beat_fire_a_due_rung_once(reference_data, tmp_path):
    today = timezone.localdate()
    f = make_frist(due=today + timezone.timedelta(days=30), today=today, titel="Påbud om bemanding")
    rung = f.trin.filter(kind=TrinArt.PAAMINDELSE).order_by("forfalder").first()
    FristTrin.objects.filter(pk=rung.pk).update(forfalder=today)  # this reminder is due now

    # A Redis database of its own: other tests in the suite enqueue tasks on db 0 that no worker consumed.
    broker = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/15"
    import redis

    redis.Redis.from_url(broker).flushdb()
    env = {**os.environ, "DATABASE_URL": _database_url(), "REDIS_URL": broker, "TILSYN_TESTING": "true",
           "FRISTER_SWEEP_SECONDS": "1",
           "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend", "DEBUG": "true"}
    log_path = tmp_path / "celery.log"
    with open(log_path, "w") as log:
        worker = _start(["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
                         "--without-heartbeat"], env, log)
        beat = _start(["beat", "--loglevel=INFO", f"--schedule={tmp_path / 'beat-schedule'}"], env, log)
        try:
            assert _wait_for(lambda: Notifikation.objects.filter(trin=rung, email_sendt__isnull=False).exists(), 90), \
                log_path.read_text()[-4000:]
            # Beat keeps sweeping every second: the rung stays fired once.
            time.sleep(4)
        finally:
            _stop(beat)
            _stop(worker)
    output = log_path.read_text()
    (n,) = Notifikation.objects.filter(trin=rung)
    assert n.user == f.ansvarlig and n.titel.startswith("Påmindelse: Påbud om bemanding")
    assert FristTrin.objects.get(pk=rung.pk).status == TrinStatus.UDFOERT
    assert Notifikation.objects.count() == 1
    assert "Task frister.sweep" in output and "Task frister.send_email" in output
    # The worker sent the e-mail exactly once (the task returns how many it sent).
    sent = re.findall(r"Task frister\.send_email\[[^\]]+\] succeeded in [0-9.e-]+s: (\d+)", output)
    assert sent == ["1"], output[-3000:]
