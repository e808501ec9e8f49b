"""A real Celery worker and beat deliver a journal entry to a real HTTP receiver on localhost exactly
once, although the receiver fails twice and the worker is killed while a delivery is in flight."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from dokumenter import services as dok_services
from journal.models import Journalpost, JournalStatus
from tests import factories

from .receiver import Receiver
from .test_outbox import pdf_bytes

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration, pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs the Redis started by scripts/with_services.py")]


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    if (s["HOST"] or "").startswith("/"):
        return f"postgresql://{auth}@/{s['NAME']}?host={s['HOST']}" + (f"&port={s['PORT']}" if s["PORT"] else "")
    return f"postgresql://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


def wait_for(predicate, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {what}.\n{log.read_text()[-4000:]}")


def celery(args, env, log):
    return subprocess.Popen([sys.executable, "-m", "celery", "-A", "tilsyn", *args], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)


def stop(proc, sig=signal.SIGTERM):
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def test_delivered_exactly_once_across_two_failures_and_a_worker_restart(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    dokument = dok_services.dokument_create(
        actor=factories.konsulent("hovedstaden"), enhed=factories.TilbudFactory(), art="paabud",
        titel="Påbud til Bostedet Æblehaven", pdf=pdf_bytes(), sendt=dt.date(2026, 11, 20))
    post = Journalpost.objects.get(dokument=dokument)

    broker = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/14"  # a database of its own
    import redis

    redis.Redis.from_url(broker).flushdb()
    log_path = tmp_path / "celery.log"
    with Receiver(fail_first=2, delay=1.0) as esdh, open(log_path, "w") as log:
        env = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": broker, "TILSYN_TESTING": "true",
               "DEBUG": "true", "MEDIA_ROOT": str(settings.MEDIA_ROOT), "JOURNAL_MODE": "http",
               "JOURNAL_URL": esdh.url, "JOURNAL_SWEEP_SECONDS": "1", "JOURNAL_RETRY_BASE_SECONDS": "1",
               "FRISTER_SWEEP_SECONDS": "3600"}
        worker_args = ["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
                       "--without-heartbeat"]
        beat = celery(["beat", "--loglevel=INFO", f"--schedule={tmp_path / 'beat-schedule'}"], env, log)
        worker = celery(worker_args, env, log)
        try:
            # The first attempt fails; the second is in flight when the worker dies.
            wait_for(lambda: esdh.started >= 2, 90, "the second delivery attempt", log_path)
            stop(worker, signal.SIGKILL)
            worker = celery(worker_args, env, log)
            wait_for(lambda: Journalpost.objects.get(pk=post.pk).status == JournalStatus.JOURNALISERET, 90,
                     "the entry to be journalised", log_path)
            time.sleep(4)  # beat keeps sweeping every second: nothing more is sent
        finally:
            stop(beat)
            stop(worker)
    post.refresh_from_db()
    assert [r.status for r in esdh.requests] == [503, 503, 201], log_path.read_text()[-3000:]
    assert {r.key for r in esdh.requests} == {str(post.uuid)}
    assert list(esdh.stored) == [str(post.uuid)]
    assert esdh.stored[str(post.uuid)].metadata["fil"]["sha256"] == post.sha256 == dokument.sha256
    # The attempt the crash cut off left no trace: it rolled back with the worker's transaction.
    assert post.forsoeg == 2 and post.kvittering == "J-2026-00001"
    assert "Task journal.sweep" in log_path.read_text()
