import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from frister import tasks
from frister.models import FristTrin, Notifikation, TrinArt

from .factories import frist as make_frist

pytestmark = pytest.mark.django_db


def test_tasks_are_thin_and_idempotent(konsulent_hovedstaden):
    today = timezone.localdate()
    f = make_frist(due=today + dt.timedelta(days=30), responsible=konsulent_hovedstaden, today=today)
    FristTrin.objects.filter(frist=f, kind=TrinArt.PAAMINDELSE).update(forfalder=today)
    assert tasks.frister_sweep.delay().get() == {"paamindelser": 2, "eskaleringer": 0, "notifikationer": 2}
    assert tasks.frister_sweep.delay().get()["paamindelser"] == 0
    assert Notifikation.objects.count() == 2
    assert tasks.besoegsfrister_check.delay().get()["oprettet"] == 1  # the unit has never been visited
    assert tasks.besoegsfrister_check.delay().get() == {"oprettet": 0, "opfyldt": 0, "annulleret": 0}
    ids = list(Notifikation.objects.values_list("pk", flat=True))
    assert tasks.notifikationer_send_email.delay(ids).get() == 2
    assert tasks.notifikationer_send_email.delay(ids).get() == 0


def test_management_command(capsys, konsulent_hovedstaden):
    make_frist(due=dt.date(2026, 12, 1), responsible=konsulent_hovedstaden)
    call_command("frister_sweep", "--besoeg", "--dato", "2026-12-02")
    out = capsys.readouterr().out
    # the påbud frist and the besøgsfrist for the never-visited unit
    assert "eskaleringer: 2" in out and "Besøgsfrister: 1 oprettet" in out


def test_menu_count_shows_own_overdue(client_konsulent, konsulent_hovedstaden):
    make_frist(due=dt.date(2021, 1, 4), responsible=konsulent_hovedstaden)
    make_frist(due=dt.date(2021, 1, 4))  # someone else's
    html = client_konsulent.get("/frister/").content.decode()
    assert 'Frister <span class="badge badge-info">1</span>' in html


def test_email_task_retries_when_the_mail_server_fails(konsulent_hovedstaden, monkeypatch, mailoutbox):
    """A failed send leaves the notification unsent and the task is retried; on retry only what is
    still unsent goes out, so nobody gets an e-mail twice."""
    from smtplib import SMTPServerDisconnected

    from frister import services

    a = Notifikation.objects.create(user=konsulent_hovedstaden, titel="Første")
    b = Notifikation.objects.create(user=konsulent_hovedstaden, titel="Anden")
    real = services.send_mail
    calls = []

    def flaky(subject, *args, **kwargs):
        calls.append(subject)
        if subject == "Anden" and calls.count("Anden") == 1:
            raise SMTPServerDisconnected("nede")
        return real(subject, *args, **kwargs)

    monkeypatch.setattr(services, "send_mail", flaky)
    monkeypatch.setattr(tasks.notifikationer_send_email, "retry_backoff", False)
    tasks.notifikationer_send_email.apply(args=[[a.pk, b.pk]])
    assert calls == ["Første", "Anden", "Anden"]
    assert sorted(m.subject for m in mailoutbox) == ["Anden", "Første"]
    assert not Notifikation.objects.filter(email_sendt__isnull=True).exists()
