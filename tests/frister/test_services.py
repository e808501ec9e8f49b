import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frister import selectors, services
from frister.models import (
    AendringArt,
    Dagtype,
    Frist,
    FristAendring,
    FristArt,
    FristRegel,
    FristStatus,
    FristTrin,
    Notifikation,
    TrinArt,
    TrinStatus,
)
from tests import factories
from tilsyn.errors import DomainError, Forbidden

from .factories import frist as make_frist

D = dt.date
pytestmark = pytest.mark.django_db


def waiting(frist):
    return sorted((t.kind, t.forfalder) for t in frist.trin.filter(status=TrinStatus.VENTER))


def test_create_writes_rungs_in_working_days():
    # Påbud due Tuesday 1 December 2026: reminders 7 and 2 working days before, escalation the day after.
    f = make_frist(due=D(2026, 12, 1))
    assert f.status == FristStatus.AABEN and f.oprindelig_frist == D(2026, 12, 1)
    assert waiting(f) == [
        (TrinArt.ESKALERING, D(2026, 12, 2)),
        (TrinArt.PAAMINDELSE, D(2026, 11, 20)),
        (TrinArt.PAAMINDELSE, D(2026, 11, 27)),
    ]


def test_reminders_around_easter_skip_holidays():
    # Due onsdag 31/3-2027: 2 working days before skips 2. påskedag, påske weekend and langfredag.
    f = make_frist(due=D(2027, 3, 31), today=D(2027, 3, 1))
    reminders = [t.forfalder for t in f.trin.filter(kind=TrinArt.PAAMINDELSE).order_by("forfalder")]
    assert reminders == [D(2027, 3, 17), D(2027, 3, 24)]


def test_rules_per_kind_are_configurable():
    FristRegel.objects.create(art=FristArt.HOERING, paamindelser=[3], eskaler=False)
    f = make_frist(due=D(2026, 12, 1), art=FristArt.HOERING)
    assert waiting(f) == [(TrinArt.PAAMINDELSE, D(2026, 11, 26))]


def test_short_frist_still_gets_one_reminder_today():
    f = make_frist(due=D(2026, 11, 25), today=D(2026, 11, 23))
    assert waiting(f) == [(TrinArt.ESKALERING, D(2026, 11, 26)), (TrinArt.PAAMINDELSE, D(2026, 11, 23))]


def test_owner_and_sag_are_generic_and_scoped(konsulent_hovedstaden, konsulent_syd):
    enhed = factories.TilbudFactory()
    besoeg = factories.TilsynsbesoegFactory(enhed=enhed)
    f = make_frist(enhed=enhed, owner=besoeg, sag=enhed, responsible=konsulent_hovedstaden, dagtype=Dagtype.ARBEJDSDAGE)
    assert f.owner == besoeg and f.sag.pk == enhed.pk and f.dagtype == "arbejdsdage"
    assert list(selectors.aabne_frister_for_owner(konsulent_hovedstaden, besoeg)) == [f]
    assert list(selectors.aabne_frister_for_sag(konsulent_hovedstaden, enhed)) == [f]
    assert list(selectors.aabne_frister_for_enhed(konsulent_hovedstaden, enhed)) == [f]
    assert list(selectors.aabne_frister_for_owner(konsulent_syd, besoeg)) == []
    assert not selectors.frister_for(konsulent_syd).exists()


def test_create_refuses_responsible_from_other_socialtilsyn(konsulent_syd):
    enhed = factories.TilbudFactory()
    with pytest.raises(DomainError, match="samme socialtilsyn"):
        make_frist(enhed=enhed, responsible=konsulent_syd)
    assert not Frist.objects.exists()


def test_create_refuses_actor_from_other_socialtilsyn(konsulent_syd):
    enhed = factories.TilbudFactory()
    with pytest.raises(Forbidden):
        make_frist(enhed=enhed, actor=konsulent_syd)
    assert not Frist.objects.exists() and not FristTrin.objects.exists()


def test_fulfil_cancels_waiting_rungs(konsulent_hovedstaden):
    f = make_frist()
    f = services.frist_fulfil(frist=f, actor=konsulent_hovedstaden, note="Redegørelse modtaget")
    assert f.status == FristStatus.OPFYLDT and f.afsluttet_af == konsulent_hovedstaden
    assert not f.trin.filter(status=TrinStatus.VENTER).exists()
    assert services.frist_fulfil(frist=f, actor=konsulent_hovedstaden).status == FristStatus.OPFYLDT


def test_fulfil_by_hand_refused_where_the_owner_meets_the_frist(konsulent_hovedstaden):
    """A besøgsfrist is met by the visit, a forløb step's frist by that step: marking it met by hand
    would leave the case saying one thing and the frist another."""
    enhed = factories.TilbudFactory()
    besoeg = make_frist(enhed=enhed, art=FristArt.BESOEG)
    trinets = make_frist(enhed=enhed, owner=factories.TilsynsbesoegFactory(enhed=enhed), sag=enhed)
    for f, message in [(besoeg, "tilsynsbesøget er gennemført"), (trinets, "hører til et dialogforløb")]:
        assert services.opfyldes_andetsteds(f) is not None
        with pytest.raises(DomainError, match=message):
            services.frist_fulfil(frist=f, actor=konsulent_hovedstaden)
        f.refresh_from_db()
        assert f.status == FristStatus.AABEN and f.trin.filter(status=TrinStatus.VENTER).exists()
    # ... while the owner's own service still closes it.
    assert services.frister_fulfil_for(owner=trinets.owner, actor=konsulent_hovedstaden) == 1
    assert services.opfyldes_andetsteds(make_frist(enhed=enhed)) is None


def test_fulfil_refused_across_socialtilsyn(konsulent_syd):
    f = make_frist()
    with pytest.raises(Forbidden, match="Du kan ikke ændre denne frist"):
        services.frist_fulfil(frist=f, actor=konsulent_syd)
    f.refresh_from_db()
    assert f.status == FristStatus.AABEN and f.trin.filter(status=TrinStatus.VENTER).count() == 3


def test_cancel_needs_reason(konsulent_hovedstaden):
    f = make_frist()
    with pytest.raises(DomainError, match="begrundelse"):
        services.frist_cancel(frist=f, actor=konsulent_hovedstaden, reason=" ")
    f = services.frist_cancel(frist=f, actor=konsulent_hovedstaden, reason="Påbuddet er tilbagekaldt")
    assert f.status == FristStatus.ANNULLERET
    with pytest.raises(DomainError, match="annulleret og kan ikke opfyldes"):
        services.frist_fulfil(frist=f, actor=konsulent_hovedstaden)


def test_extend_records_history_and_rewrites_rungs(jurist_hovedstaden):
    f = make_frist(due=D(2026, 12, 1))
    f = services.frist_extend(frist=f, new_due=D(2026, 12, 15), reason="Tilbuddet har anmodet om udsættelse",
                              actor=jurist_hovedstaden, today=D(2026, 11, 23))
    assert f.frist == D(2026, 12, 15) and f.oprindelig_frist == D(2026, 12, 1)
    (a,) = FristAendring.objects.filter(frist=f)
    assert (a.kind, a.gammel_frist, a.ny_frist, a.actor) == (AendringArt.FORLAENGET, D(2026, 12, 1), D(2026, 12, 15),
                                                             jurist_hovedstaden)
    assert waiting(f) == [
        (TrinArt.ESKALERING, D(2026, 12, 16)),
        (TrinArt.PAAMINDELSE, D(2026, 12, 4)),
        (TrinArt.PAAMINDELSE, D(2026, 12, 11)),
    ]
    assert f.trin.filter(status=TrinStatus.ANNULLERET).count() == 3


@pytest.mark.parametrize("new_due,reason,message", [
    (D(2026, 11, 1), "Anmodning", "før i dag"),
    (D(2026, 12, 1), "Anmodning", "den samme"),
    (D(2026, 12, 20), "", "begrundelse"),
])
def test_extend_refusals_save_nothing(jurist_hovedstaden, new_due, reason, message):
    f = make_frist(due=D(2026, 12, 1))
    with pytest.raises(DomainError, match=message):
        services.frist_extend(frist=f, new_due=new_due, reason=reason, actor=jurist_hovedstaden, today=D(2026, 11, 23))
    f.refresh_from_db()
    assert f.frist == D(2026, 12, 1) and not FristAendring.objects.exists()
    assert f.trin.filter(status=TrinStatus.VENTER).count() == 3


def test_extend_refused_for_other_socialtilsyn(konsulent_syd):
    f = make_frist(due=D(2026, 12, 1))
    with pytest.raises(Forbidden, match="forlænge"):
        services.frist_extend(frist=f, new_due=D(2026, 12, 20), reason="x", actor=konsulent_syd, today=D(2026, 11, 23))
    assert not FristAendring.objects.exists()


def test_cancel_for_owner_and_sag(konsulent_hovedstaden):
    enhed = factories.TilbudFactory()
    besoeg = factories.TilsynsbesoegFactory(enhed=enhed)
    a = make_frist(enhed=enhed, owner=besoeg, sag=enhed)
    b = make_frist(enhed=enhed, owner=besoeg)
    other = make_frist(enhed=enhed)
    assert services.frister_cancel_for(owner=besoeg, actor=konsulent_hovedstaden, reason="Forløbet er lukket") == 2
    for f in (a, b):
        f.refresh_from_db()
        assert f.status == FristStatus.ANNULLERET and f.afsluttet_note == "Forløbet er lukket"
        assert not f.trin.filter(status=TrinStatus.VENTER).exists()
    other.refresh_from_db()
    assert other.status == FristStatus.AABEN and other.trin.filter(status=TrinStatus.VENTER).count() == 3
    assert services.frister_cancel_for(sag=enhed, actor=None, reason="x") == 0


@pytest.mark.parametrize("close", ["cancel", "fulfil"])
def test_closing_an_owners_frister_takes_constant_queries(konsulent_hovedstaden, close):
    """The per-frist permission check must not read each frist's unit with its own query."""
    def run(n):
        besoeg = factories.TilsynsbesoegFactory(enhed=factories.TilbudFactory())
        for _ in range(n):
            make_frist(enhed=besoeg.enhed, owner=besoeg)
        with CaptureQueriesContext(connection) as ctx:
            if close == "cancel":
                assert services.frister_cancel_for(owner=besoeg, actor=konsulent_hovedstaden, reason="Lukket") == n
            else:
                assert services.frister_fulfil_for(owner=besoeg, actor=konsulent_hovedstaden) == n
        return len(ctx.captured_queries)

    assert run(1) == run(6)


def test_inside_callers_transaction_rolls_back_with_it(konsulent_hovedstaden):
    from django.db import transaction

    enhed = factories.TilbudFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_frist(enhed=enhed)
        raise RuntimeError("the causing change failed")
    assert not Frist.objects.exists() and not FristTrin.objects.exists()


def test_notifikation_create_writes_the_email_to_the_outbox(mailoutbox, konsulent_hovedstaden):
    from frister import outbox
    from frister.models import Email

    n = services.notifikation_create(user=konsulent_hovedstaden, titel="Ny frist", tekst="Se den", url="/frister/")
    assert mailoutbox == []  # nothing is sent from the caller's transaction
    (email,) = Email.objects.all()
    assert email.notifikation == n and email.modtager == konsulent_hovedstaden.email
    assert outbox.deliver().sendt == 1
    assert [m.subject for m in mailoutbox] == ["Ny frist"]
    assert mailoutbox[0].to == [konsulent_hovedstaden.email]
    assert f"Hej {konsulent_hovedstaden.first_name}" in mailoutbox[0].body
    assert "Se mere: http://127.0.0.1:8000/frister/" in mailoutbox[0].body
    assert mailoutbox[0].extra_headers["Message-ID"] == f"<tilsyn.email.{email.pk}@localhost>"
    n.refresh_from_db()
    assert n.email_sendt is not None
    assert outbox.deliver().sendt == 0
    assert len(mailoutbox) == 1


def test_notifikation_and_email_roll_back_with_the_event(mailoutbox, konsulent_hovedstaden):
    from django.db import transaction

    from frister.models import Email

    with pytest.raises(RuntimeError), transaction.atomic():
        services.notifikation_create(user=konsulent_hovedstaden, titel="Agterskrivelse til godkendelse")
        raise RuntimeError("the submission failed")
    assert not Notifikation.objects.exists() and not Email.objects.exists()


def test_no_address_no_email(konsulent_hovedstaden):
    from frister.models import Email

    konsulent_hovedstaden.email = ""
    konsulent_hovedstaden.save()
    services.notifikation_create(user=konsulent_hovedstaden, titel="x")
    assert Notifikation.objects.count() == 1 and not Email.objects.exists()


def test_mark_read_only_own(konsulent_hovedstaden, leder_hovedstaden):
    n = Notifikation.objects.create(user=konsulent_hovedstaden, titel="x")
    with pytest.raises(Forbidden):
        services.notifikation_mark_read(actor=leder_hovedstaden, notifikation=n)
    assert selectors.ulaeste_antal(konsulent_hovedstaden) == 1
    services.notifikation_mark_read(actor=konsulent_hovedstaden, notifikation=n)
    assert selectors.ulaeste_antal(konsulent_hovedstaden) == 0


def test_suspend_stops_rungs_and_resume_moves_the_date(konsulent_hovedstaden):
    f = make_frist(due=D(2026, 12, 1))
    f = services.frist_suspend(frist=f, reason="Afventer politiets undersøgelse", actor=konsulent_hovedstaden,
                               today=D(2026, 11, 10))
    assert f.suspenderet == D(2026, 11, 10) and f.badge()[1] == "Suspenderet"
    assert not f.trin.filter(status=TrinStatus.VENTER).exists()
    assert services.frister_sweep(today=D(2026, 12, 5)).fired == 0
    with pytest.raises(DomainError, match="Genoptag den"):
        services.frist_extend(frist=f, new_due=D(2026, 12, 20), reason="x", actor=konsulent_hovedstaden,
                              today=D(2026, 11, 12))
    f = services.frist_resume(frist=f, reason="Undersøgelsen er afsluttet", actor=konsulent_hovedstaden,
                              today=D(2026, 11, 24))
    assert f.frist == D(2026, 12, 15) and f.suspenderet is None  # 14 days suspended
    assert [a.kind for a in f.aendringer.all()] == [AendringArt.SUSPENDERET, AendringArt.GENOPTAGET]
    assert waiting(f)[0] == (TrinArt.ESKALERING, D(2026, 12, 16))


def test_resume_in_working_days(konsulent_hovedstaden):
    f = make_frist(due=D(2026, 12, 21), dagtype=Dagtype.ARBEJDSDAGE)
    services.frist_suspend(frist=f, reason="Afventer", actor=konsulent_hovedstaden, today=D(2026, 12, 18))
    # Suspended fre 18/12 to man 28/12: 4 working days (21, 22, 23, 28 December; jul skipped),
    # so the frist moves from 21/12 by 4 working days: 22, 23, 28, 29 December.
    f = services.frist_resume(frist=f, reason="Videre", actor=konsulent_hovedstaden, today=D(2026, 12, 28))
    assert f.frist == D(2026, 12, 29)


def test_suspend_refusals(konsulent_hovedstaden, konsulent_syd):
    f = make_frist()
    with pytest.raises(Forbidden):
        services.frist_suspend(frist=f, reason="x", actor=konsulent_syd)
    with pytest.raises(DomainError, match="begrundelse"):
        services.frist_suspend(frist=f, reason="", actor=konsulent_hovedstaden)
    with pytest.raises(DomainError, match="ikke suspenderet"):
        services.frist_resume(frist=f, reason="x", actor=konsulent_hovedstaden)
    f.refresh_from_db()
    assert f.suspenderet is None and not FristAendring.objects.exists()
