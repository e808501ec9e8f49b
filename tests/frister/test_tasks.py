import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from frister import tasks
from frister.models import Email, EmailStatus, FristTrin, Koersel, Notifikation, TrinArt

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
    assert tasks.udbakke.delay().get() == {"sendt": 2, "fejlet": 0}
    assert tasks.udbakke.delay().get() == {"sendt": 0, "fejlet": 0}
    assert set(Koersel.objects.values_list("navn", flat=True)) == {"frister.sweep", "frister.besoegsfrister",
                                                                    "frister.udbakke"}


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


def test_outbox_retries_with_backoff_when_the_mail_server_fails(konsulent_hovedstaden, monkeypatch, mailoutbox):
    """A failed send leaves the e-mail waiting with the error and a later next attempt; the next
    run sends only what is still unsent, so nobody gets an e-mail twice."""
    from smtplib import SMTPServerDisconnected

    import time_machine
    from django.core.mail.backends.locmem import EmailBackend

    from frister import services

    services.notifikation_create(user=konsulent_hovedstaden, titel="Første")
    services.notifikation_create(user=konsulent_hovedstaden, titel="Anden")
    real = EmailBackend.send_messages
    calls = []

    def flaky(self, messages):
        calls.append(messages[0].subject)
        if messages[0].subject == "Anden" and calls.count("Anden") == 1:
            raise SMTPServerDisconnected("nede")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert tasks.udbakke.apply().get() == {"sendt": 1, "fejlet": 1}
        failed = Email.objects.get(emne="Anden")
        assert failed.status == EmailStatus.VENTER and failed.forsoeg == 1
        assert "SMTPServerDisconnected: nede" in failed.sidste_fejl
        assert failed.naeste_forsoeg == start + dt.timedelta(minutes=1)
        assert tasks.udbakke.apply().get() == {"sendt": 0, "fejlet": 0}  # not due yet
    with time_machine.travel(start + dt.timedelta(minutes=1, seconds=1), tick=False):
        assert tasks.udbakke.apply().get() == {"sendt": 1, "fejlet": 0}
    assert calls == ["Første", "Anden", "Anden"]
    assert sorted(m.subject for m in mailoutbox) == ["Anden", "Første"]
    assert not Notifikation.objects.filter(email_sendt__isnull=True).exists()
    assert Email.objects.get(emne="Anden").forsoeg == 2
