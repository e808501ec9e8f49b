"""A real Redis, a real Celery worker and beat, and the faults that once lost e-mails:

- a due rung becomes exactly one notification, and its e-mail is sent once by the outbox sweep;
- a worker SIGKILLed in the middle of a batch: afterwards every e-mail is sent exactly once;
- Redis frozen and Redis killed while a user submits an agterskrivelse: the response does not wait
  for Redis, and the e-mail to the jurist is delivered once Redis is back.

The "mail server" is tests/frister/mailbackend.py: it records each accepted Message-ID in a file,
across worker processes, so "sent exactly once" is counted where the mail would arrive.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dialogforloeb import services as dialog_services
from frister import outbox
from frister.models import Email, EmailStatus, FristTrin, Koersel, Notifikation, TrinArt, TrinStatus
from frister.services import notifikation_create
from tests import factories
from tests.dialogforloeb import factories as df

from .factories import frist as make_frist

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration, pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs the Redis started by scripts/with_services.py")]
RECORDING = "tests.frister.mailbackend.RecordingBackend"


@pytest.fixture(autouse=True)
def _celery_eager():
    """Overrides the package's eager fixture: here nothing runs in-process by accident (an enqueue
    from a request would really go to Redis)."""


def _database_url() -> str:
    s = connection.settings_dict
    host = s["HOST"] or "localhost"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    if host.startswith("/"):
        port = f"&port={s['PORT']}" if s["PORT"] else ""
        return f"postgresql://{auth}@/{s['NAME']}?host={host}{port}"
    return f"postgresql://{auth}@{host}:{s['PORT'] or 5432}/{s['NAME']}"


def _env(broker: str, **extra) -> dict:
    return {**os.environ, "DATABASE_URL": _database_url(), "REDIS_URL": broker, "TILSYN_TESTING": "true",
            "UDBAKKE_SECONDS": "1", **extra}


def _start(args, env, log):
    return subprocess.Popen([sys.executable, "-m", "celery", "-A", "tilsyn", *args], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)


def _worker(env, log):
    return _start(["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
                   "--without-heartbeat"], env, log)


def _beat(env, log, tmp_path):
    return _start(["beat", "--loglevel=INFO", f"--schedule={tmp_path / 'beat-schedule'}"], env, log)


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
        time.sleep(0.3)
    return False


def _own_broker(db: int) -> str:
    """A Redis database of its own: other tests enqueue tasks on db 0 that no worker consumed."""
    import redis

    broker = os.environ["REDIS_URL"].rsplit("/", 1)[0] + f"/{db}"
    redis.Redis.from_url(broker).flushdb()
    return broker


def _received(mail_log: Path) -> Counter:
    return Counter(mail_log.read_text().split()) if mail_log.exists() else Counter()


def _expected_ids(qs) -> set[str]:
    return {outbox.message_id(e) for e in qs}


def test_worker_and_beat_fire_a_due_rung_once(reference_data, tmp_path):
    today = timezone.localdate()
    f = make_frist(due=today + timezone.timedelta(days=30), today=today, titel="Påbud om bemanding")
    rung = f.trin.filter(kind=TrinArt.PAAMINDELSE).order_by("forfalder").first()
    FristTrin.objects.filter(pk=rung.pk).update(forfalder=today)  # this reminder is due now

    mail_log = tmp_path / "mail.log"
    env = _env(_own_broker(15), FRISTER_SWEEP_SECONDS="1", EMAIL_BACKEND=RECORDING, TILSYN_TEST_MAIL_LOG=str(mail_log))
    log_path = tmp_path / "celery.log"
    with open(log_path, "w") as log:
        worker, beat = _worker(env, log), _beat(env, log, tmp_path)
        try:
            assert _wait_for(lambda: Notifikation.objects.filter(trin=rung, email_sendt__isnull=False).exists(), 90), \
                log_path.read_text()[-4000:]
            # Beat keeps sweeping every second: the rung stays fired once, the e-mail sent once.
            time.sleep(4)
        finally:
            _stop(beat)
            _stop(worker)
    output = log_path.read_text()
    (n,) = Notifikation.objects.filter(trin=rung)
    assert n.user == f.ansvarlig and n.titel.startswith("Påmindelse: Påbud om bemanding")
    assert FristTrin.objects.get(pk=rung.pk).status == TrinStatus.UDFOERT
    assert Notifikation.objects.count() == 1
    assert "Task frister.sweep" in output and "Task frister.udbakke" in output
    sent = re.findall(r"Task frister\.udbakke\[[^\]]+\] succeeded in [0-9.e-]+s: \{'sendt': (\d+)", output)
    assert sum(map(int, sent)) == 1, output[-3000:]
    assert _received(mail_log) == Counter({outbox.message_id(n.email): 1})
    assert {"frister.sweep", "frister.udbakke"} <= set(Koersel.objects.values_list("navn", flat=True))


def test_worker_killed_mid_batch_sends_every_email_exactly_once(reference_data, tmp_path):
    konsulent = factories.konsulent("hovedstaden", username="k-kill")
    total, block_at = 30, 12
    for i in range(total):
        notifikation_create(user=konsulent, titel=f"Påmindelse {i + 1}")
    expected = _expected_ids(Email.objects.all())
    assert len(expected) == total

    mail_log, blocked = tmp_path / "mail.log", tmp_path / "blocked"
    env = _env(_own_broker(14), EMAIL_BACKEND=RECORDING, TILSYN_TEST_MAIL_LOG=str(mail_log),
               TILSYN_TEST_MAIL_BLOCKED=str(blocked))
    log_path = tmp_path / "celery.log"
    with open(log_path, "w") as log:
        beat = _beat(env, log, tmp_path)
        worker = _worker({**env, "TILSYN_TEST_MAIL_BLOCK_AT": str(block_at)}, log)
        try:
            # The worker hangs while handing over the 12th e-mail: kill it there, without warning.
            assert _wait_for(blocked.exists, 90), log_path.read_text()[-4000:]
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
            in_flight = blocked.read_text()
            before = _received(mail_log)
            assert sum(before.values()) == block_at - 1 and in_flight not in before
            # Its claim died with it: the row it held is waiting again, not stuck or marked sent.
            assert _wait_for(lambda: Email.objects.filter(status=EmailStatus.SENDT).count() == block_at - 1, 10)
            worker = _worker(env, log)  # a restarted worker
            assert _wait_for(lambda: not Email.objects.filter(status=EmailStatus.VENTER).exists(), 90), \
                log_path.read_text()[-4000:]
            time.sleep(2)  # further ticks find nothing to send
        finally:
            _stop(beat)
            _stop(worker)
    received = _received(mail_log)
    print(f"\nworker SIGKILLed after {block_at - 1} of {total} e-mails; afterwards {sum(received.values())} received, "
          f"{len(received)} distinct")
    assert set(received) == expected
    assert set(received.values()) == {1}, [k for k, v in received.items() if v > 1]
    assert not Notifikation.objects.filter(email_sendt__isnull=True).exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_redis(port: int, data: Path) -> subprocess.Popen:
    """A Redis with persistence (append-only file), like the one in docker-compose.yml."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data), "--save", "",
                             "--appendonly", "yes", "--appendfsync", "always"], stdout=subprocess.DEVNULL)
    assert _wait_for(lambda: _answers(port), 10)
    return proc


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def test_submission_with_redis_down_answers_fast_and_the_email_follows(
        reference_data, tmp_path, client, konsulent_hovedstaden, jurist_hovedstaden, monkeypatch):
    from celery.app.task import Task

    from tilsyn.celery import app

    port, data = _free_port(), tmp_path / "redis"
    data.mkdir()
    redis_proc = _start_redis(port, data)
    broker = f"redis://127.0.0.1:{port}/0"
    # In this process too, Celery now points at the Redis that is about to fail, and every enqueue
    # is recorded: a request path that still enqueued would hang or fail here, and show in the list.
    monkeypatch.setattr(app.conf, "broker_url", broker)
    enqueued = []
    real_apply_async = Task.apply_async

    def recording_apply_async(self, *args, **kwargs):
        enqueued.append(self.name)
        return real_apply_async(self, *args, **kwargs)

    monkeypatch.setattr(Task, "apply_async", recording_apply_async)

    mail_log = tmp_path / "mail.log"
    env = _env(broker, EMAIL_BACKEND=RECORDING, TILSYN_TEST_MAIL_LOG=str(mail_log))
    log_path = tmp_path / "celery.log"
    client.force_login(konsulent_hovedstaden)
    timings = {}
    with open(log_path, "w") as log:
        worker, beat = _worker(env, log), _beat(env, log, tmp_path)
        try:
            assert _wait_for(lambda: Koersel.objects.filter(navn="frister.udbakke").exists(), 90), \
                log_path.read_text()[-4000:]
            for fault in ("frozen", "killed"):
                enhed = factories.TilbudFactory(navn=f"Bostedet {fault.capitalize()}")
                forloeb = df.i_dialog(konsulent_hovedstaden, enhed)
                agter = dialog_services.agterskrivelse_create(actor=konsulent_hovedstaden, forloeb=forloeb, data=df.AGTER)
                if fault == "frozen":
                    redis_proc.send_signal(signal.SIGSTOP)  # accepts connections, never answers
                else:
                    redis_proc.kill()
                    redis_proc.wait(5)
                start = time.monotonic()
                response = client.post(reverse("dialogforloeb:udkast_post", args=["agterskrivelse", agter.pk, "indsend"]))
                timings[fault] = time.monotonic() - start
                assert response.status_code == 302, response.content[:500]
                email = Email.objects.get(notifikation__user=jurist_hovedstaden, emne__endswith=enhed.navn)
                assert email.status == EmailStatus.VENTER  # committed with the submission, waiting
                time.sleep(3)  # Redis stays down a while; nothing can be delivered
                email.refresh_from_db()
                assert email.status == EmailStatus.VENTER
                if fault == "frozen":
                    redis_proc.send_signal(signal.SIGCONT)
                else:
                    redis_proc = _start_redis(port, data)
                assert _wait_for(lambda e=email: Email.objects.get(pk=e.pk).status == EmailStatus.SENDT, 120), \
                    log_path.read_text()[-4000:]
        finally:
            _stop(beat)
            _stop(worker)
            if redis_proc.poll() is None:
                redis_proc.send_signal(signal.SIGCONT)
                _stop(redis_proc)
    print("\nsubmission with Redis " + ", ".join(f"{k}: {v:.3f} s" for k, v in timings.items()))
    assert all(t < 5 for t in timings.values()), timings  # it did not wait for a Redis timeout
    assert enqueued == []  # the request path never touched the broker
    received = _received(mail_log)
    expected = _expected_ids(Email.objects.filter(notifikation__user=jurist_hovedstaden))
    assert len(expected) == 2 and set(received) == expected and set(received.values()) == {1}
