"""Demo data for frister: besøgsfrister from the visit-interval check, frister of every kind and
status (some overdue and escalated, some extended), and notifications for the demo users."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tilsyn.models import AKTIVE_STATUSSER

from . import services
from .models import AendringArt, Dagtype, FristArt, Notifikation
from .workdays import add_working_days

# (art, title, days from today to the due date, what happens)
SCENARIER = [
    (FristArt.HOERING, "Høringsfrist for agterskrivelse om bemanding", 6, "aaben"),
    (FristArt.REDEGOERELSE, "Redegørelse om magtanvendelser", 2, "aaben"),
    (FristArt.PAABUD, "Påbud om medicinhåndtering", 24, "aaben"),
    (FristArt.PAABUD, "Påbud om kompetenceudvikling", 40, "forlaenget"),
    (FristArt.SKAERPET_TILSYN, "Skærpet tilsyn udløber", 75, "aaben"),
    (FristArt.REDEGOERELSE, "Redegørelse om økonomi og regnskab", -9, "overskredet"),
    (FristArt.HOERING, "Høringsfrist for agterskrivelse om fysiske rammer", -4, "overskredet"),
    (FristArt.PAABUD, "Påbud om dokumentation af pædagogiske planer", -20, "opfyldt"),
    (FristArt.REDEGOERELSE, "Redegørelse om brand og sikkerhed", -35, "opfyldt"),
    (FristArt.ANDET, "Indsendelse af årsrapport", -12, "annulleret"),
    (FristArt.HOERING, "Høringsfrist for ændret godkendelse", 1, "aaben"),
    (FristArt.REDEGOERELSE, "Redegørelse om utilsigtede hændelser", 15, "suspenderet"),
]


def seed(ctx) -> None:
    today = ctx.today
    # 1. The nightly visit-interval check: besøgsfrister for every unit whose next visit falls due.
    services.besoegsfrister_check(today=today)
    for st in ctx.socialtilsyn:
        users = ctx.users[st.slug]
        konsulent, jurist = users["konsulent"], users["jurist"]
        tilbud = [t for t in ctx.tilbud[st.slug] if t.godkendelsesstatus in AKTIVE_STATUSSER]
        mine = [t for t in tilbud if t.ansvarlig_konsulent_id == konsulent.pk] or tilbud
        for i, (art, titel, dage, udfald) in enumerate(SCENARIER):
            # Half of them are the demo konsulent's, so "Mine frister" is full on first login.
            ansvarlig = konsulent if i % 2 == 0 else ctx.rng.choice(users["konsulenter"])
            enhed = ctx.rng.choice(mine) if ansvarlig == konsulent else ctx.rng.choice(tilbud)
            due = today + dt.timedelta(days=dage)
            if art == FristArt.REDEGOERELSE:
                due = add_working_days(today, dage)
            created_on = min(today, due) - dt.timedelta(days=ctx.rng.randint(20, 40))
            frist = services.frist_create(
                owner=enhed, enhed=enhed, art=art, due=due, responsible=ansvarlig, titel=titel,
                dagtype=Dagtype.ARBEJDSDAGE if art == FristArt.REDEGOERELSE else Dagtype.KALENDER,
                today=created_on,
            )
            type(frist).objects.filter(pk=frist.pk).update(
                oprettet=timezone.make_aware(dt.datetime.combine(created_on, dt.time(9, 30))))
            if udfald == "opfyldt":
                services.frist_fulfil(frist=frist, actor=ansvarlig, note="Modtaget og gennemgået.")
            elif udfald == "annulleret":
                services.frist_cancel(frist=frist, actor=jurist, reason="Sagen er lukket; fristen bortfalder.")
            elif udfald == "suspenderet":
                services.frist_suspend(frist=frist, actor=jurist, today=today - dt.timedelta(days=3),
                                       reason="Afventer politiets efterforskning af hændelsen.")
            elif udfald == "forlaenget":
                services.frist_extend(
                    frist=frist, new_due=add_working_days(due, 10), actor=jurist, today=today,
                    reason="Tilbuddet har anmodet om forlængelse pga. rekruttering (LOST § 8, stk. 2).",
                    kind=AendringArt.FORLAENGET,
                )
    # 2. The sweep as beat would have run it: reminders and escalations become notifications.
    services.frister_sweep(today=today, send_email=False)
    Notifikation.objects.filter(email_sendt__isnull=True).update(email_sendt=timezone.now())
    # Some older notifications have been read.
    ids = list(Notifikation.objects.order_by("pk").values_list("pk", flat=True))
    read = [pk for pk in ids if ctx.rng.random() < 0.4]
    Notifikation.objects.filter(pk__in=read).update(laest=timezone.now())


def finalize(ctx) -> None:
    """After every app's demo data: run the nightly visit check again (the risiko demo sets the units'
    colours after the besøgsfrister were made, and each besøgsfrist follows its unit's interval), then
    sweep once more, so frister created later (dialogforløb's høringsfrister and påbudsfrister) are
    marked overdue and notified like the rest."""
    services.besoegsfrister_check(today=ctx.today)
    services.frister_sweep(today=ctx.today, send_email=False)
    Notifikation.objects.filter(email_sendt__isnull=True).update(email_sendt=timezone.now())
    _outbox(ctx)


def _outbox(ctx) -> None:
    """The outbox as after a while in production (admin: Udbakke): the e-mails of the latest
    notifications to Hovedstaden's konsulent, sent; one still waiting and one that the mail server
    refused twice, so `make run`'s worker sends both within a minute (in its console output)."""
    from django.db.models import F

    from .models import Email, EmailStatus
    from .outbox import emails_for

    konsulent = ctx.users["hovedstaden"]["konsulent"]
    latest = list(Notifikation.objects.filter(user=konsulent, email__isnull=True).select_related("user")
                  .order_by("-oprettet", "-pk")[:6])
    emails_for(latest)
    Email.objects.filter(status=EmailStatus.VENTER).update(status=EmailStatus.SENDT, sendt=F("oprettet"), forsoeg=1)
    newest = list(Email.objects.filter(notifikation__user=konsulent).order_by("-oprettet", "-pk")[:2])
    now = timezone.now()
    if newest:
        Email.objects.filter(pk=newest[0].pk).update(status=EmailStatus.VENTER, sendt=None, forsoeg=0, naeste_forsoeg=now)
        Notifikation.objects.filter(pk=newest[0].notifikation_id).update(email_sendt=None)
    if len(newest) > 1:
        Email.objects.filter(pk=newest[1].pk).update(
            status=EmailStatus.VENTER, sendt=None, forsoeg=2, naeste_forsoeg=now + dt.timedelta(seconds=40),
            sidste_fejl=f"{timezone.localtime(now):%d.%m.%Y %H:%M}: SMTPServerDisconnected: Connection unexpectedly closed")
        Notifikation.objects.filter(pk=newest[1].notifikation_id).update(email_sendt=None)
