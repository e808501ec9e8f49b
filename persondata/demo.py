"""Demo data for personal data (admin: Adgangslog, Anonymiseringer):

- the access log of the last days: Hovedstaden's konsulent, leder and jurist opening plejefamilier,
  dialogforløb, letters and quality assessments, from the office network;
- a plejefamilie whose approval ceased six years ago, anonymised by the nightly command (it shows
  as "Anonymiseret plejefamilie" in the register, with its dates, type and kommune intact).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from .models import AdgangsLog
from .services import anonymise_closed


def seed(ctx) -> None:
    """Nothing before the other apps' data exists (see finalize)."""


def _views(ctx) -> list[tuple]:
    """(url name, object) pairs as Hovedstaden's users would have opened them."""
    from dialogforloeb.models import Dialogforloeb
    from dokumenter.models import Dokument
    from kvalitetsmodel.models import Kvalitetsvurdering

    slug = "hovedstaden"
    sid = ctx.users[slug]["konsulent"].socialtilsyn_id
    views = [("plejefamilie_detail", p) for p in ctx.plejefamilier.get(slug, [])[:4]]
    views += [("dialogforloeb:detail", f) for f in Dialogforloeb.objects.filter(enhed__socialtilsyn_id=sid).order_by("pk")[:3]]
    views += [("dokumenter:download", d) for d in Dokument.objects.filter(enhed__socialtilsyn_id=sid).order_by("pk")[:2]]
    views += [("kvalitetsmodel:detail", v) for v in
              Kvalitetsvurdering.objects.filter(enhed__socialtilsyn_id=sid).order_by("pk")[:2]]
    return views


def _access_log(ctx) -> None:
    users = ctx.users["hovedstaden"]
    who = [users["konsulent"], users["konsulent"], users["leder"], users["jurist"]]
    now = timezone.now()
    rows = []
    for i, (name, obj) in enumerate(_views(ctx)):
        user = who[i % len(who)]
        when = now - dt.timedelta(days=ctx.rng.randint(0, 6), hours=ctx.rng.randint(0, 8), minutes=ctx.rng.randint(0, 59))
        rows.append(AdgangsLog(
            tidspunkt=when, bruger=user, brugernavn=user.username,
            objekt_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), objekt_id=obj.pk,
            visning=name, sti=reverse(name, args=[obj.pk]), ip=f"10.20.{ctx.rng.randint(1, 9)}.{ctx.rng.randint(10, 250)}",
        ))
    AdgangsLog.objects.bulk_create(rows)


def _ceased_family(ctx) -> None:
    from tilsyn.models import Godkendelsesstatus, Plejefamilie, Tilsynsbesoeg

    konsulent = ctx.users["hovedstaden"]["konsulent"]
    ceased = ctx.today - dt.timedelta(days=6 * 365)
    fam = Plejefamilie.objects.create(
        socialtilsyn=konsulent.socialtilsyn, navn="Familien Holmgaard", adresse="Kirkestræde 4", postnummer="3480",
        by="Fredensborg", kommune=ctx.plejefamilier["hovedstaden"][0].kommune, alder_fra=0, alder_til=17,
        godkendelsesstatus=Godkendelsesstatus.OPHOERT, ansoegt_dato=ceased - dt.timedelta(days=2400),
        godkendt_dato=ceased - dt.timedelta(days=2300), ophoert_dato=ceased,
        plejefamilietype=Plejefamilie.Type.ALMEN, plejeforaelder_1="Birgitte Holmgaard",
        plejeforaelder_2="Jens Holmgaard", godkendt_antal_boern=2, ansvarlig_konsulent=konsulent,
    )
    besoeg = Tilsynsbesoeg.objects.create(
        enhed=fam, besoegstype="anmeldt", dato=ceased - dt.timedelta(days=200), oprettet_af=konsulent,
        noter="Samtale med Birgitte og Jens Holmgaard om plejebarnets skolegang.",
    )
    besoeg.konsulenter.set([konsulent])


def finalize(ctx) -> None:
    _access_log(ctx)
    _ceased_family(ctx)
    anonymise_closed(today=ctx.today)
