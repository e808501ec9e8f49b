"""Reads of dialogforløb, scoped to the user's socialtilsyn through the unit. Lists annotate what the
queues show (age, days since activity, overdue frister, the facts behind proportionality flags) in
the one query, so page query counts stay flat however many forløb there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tilsyn.selectors import enheder_for

from .models import (
    AABNE_STATUSSER,
    DIALOGMOEDE_ARTER,
    Afgoerelse,
    Agterskrivelse,
    AgterskrivelseStatus,
    Aktivitet,
    AktivitetArt,
    Alvor,
    Dialogforloeb,
    Haendelse,
    Indstillinger,
    Status,
)


def indstillinger_for(socialtilsyn_id: int) -> Indstillinger:
    """The socialtilsyn's thresholds (created with the defaults on first use)."""
    obj, _ = Indstillinger.objects.get_or_create(socialtilsyn_id=socialtilsyn_id)
    return obj


def forloeb_for(user) -> QuerySet[Dialogforloeb]:
    return Dialogforloeb.objects.filter(enhed__in=enheder_for(user)).select_related("enhed", "ansvarlig")


def forloeb_detail(user, pk: int, *, today: dt.date | None = None) -> Dialogforloeb:
    """One forløb of the user's socialtilsyn (404 otherwise); with ``today``, also the queue data the
    proportionality flags need."""
    qs = forloeb_for(user).select_related("enhed__socialtilsyn", "oprettet_af")
    if today is not None:
        qs = with_queue_data(qs, today)
    return get_object_or_404(qs, pk=pk)


def agterskrivelser_for(user) -> QuerySet[Agterskrivelse]:
    return Agterskrivelse.objects.filter(forloeb__enhed__in=enheder_for(user)).select_related(
        "forloeb__enhed", "forfatter", "godkendt_af")


def agterskrivelse_detail(user, pk: int) -> Agterskrivelse:
    return get_object_or_404(agterskrivelser_for(user), pk=pk)


def afgoerelse_detail(user, pk: int) -> Afgoerelse:
    return get_object_or_404(Afgoerelse.objects.filter(forloeb__enhed__in=enheder_for(user))
                             .select_related("forloeb__enhed"), pk=pk)


def godkendelser_for(user) -> QuerySet[Agterskrivelse]:
    """The jurist's queue: agterskrivelser waiting for approval, oldest first."""
    return agterskrivelser_for(user).filter(status=AgterskrivelseStatus.TIL_GODKENDELSE).order_by("indsendt", "pk")


def senest_godkendt_af(user, limit: int = 10) -> QuerySet[Agterskrivelse]:
    return agterskrivelser_for(user).filter(godkendt_af=user).order_by("-godkendt")[:limit]


def timeline(forloeb) -> QuerySet[Haendelse]:
    return forloeb.haendelser.select_related("actor").order_by("-dato", "-tidspunkt", "-pk")


def aktiviteter(forloeb) -> QuerySet[Aktivitet]:
    return forloeb.aktiviteter.select_related("oprettet_af").order_by("-dato", "-pk")


def aabne_frister(user, forloeb) -> list:
    from frister.selectors import aabne_frister_for_sag

    return list(aabne_frister_for_sag(user, forloeb))


# --- Queue annotations and proportionality flags ---------------------------------------------------

def _overdue_frister(today: dt.date):
    from frister.models import Frist

    ct = ContentType.objects.get_for_model(Dialogforloeb)
    sub = (Frist.objects.filter(sag_ct=ct, sag_id=OuterRef("pk"), status__in=["aaben", "overskredet"], frist__lt=today)
           .order_by().values("sag_id").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def with_queue_data(qs: QuerySet[Dialogforloeb], today: dt.date) -> QuerySet[Dialogforloeb]:
    first_moede = (Aktivitet.objects.filter(forloeb=OuterRef("pk"), art__in=DIALOGMOEDE_ARTER).order_by()
                   .values("forloeb").annotate(d=Min("dato")).values("d"))
    first_agter = (Agterskrivelse.objects.filter(forloeb=OuterRef("pk")).order_by()
                   .values("forloeb").annotate(d=Min("oprettet__date")).values("d"))
    first_art = (Aktivitet.objects.filter(forloeb=OuterRef("pk")).exclude(art=AktivitetArt.ORIENTERING_LEDELSE)
                 .order_by("dato", "pk").values("art")[:1])
    aaben_agter = (Agterskrivelse.objects.filter(forloeb=OuterRef("pk"))
                   .exclude(status__in=[AgterskrivelseStatus.SENDT, AgterskrivelseStatus.OPGIVET]).order_by("-pk"))
    sendt_agter = Agterskrivelse.objects.filter(forloeb=OuterRef("pk"), status=AgterskrivelseStatus.SENDT).order_by(
        "-sendt", "-pk")
    paabud = Afgoerelse.objects.filter(forloeb=OuterRef("pk"), art="paabud", opfyldt__isnull=True).order_by("-pk")
    return qs.annotate(
        first_moede=Subquery(first_moede), first_agter=Subquery(first_agter), first_art=Subquery(first_art),
        overdue=_overdue_frister(today),
        kladde_status=Subquery(aaben_agter.values("status")[:1]),
        hoeringsfrist=Subquery(sendt_agter.values("hoeringsfrist")[:1]),
        hoeringssvar=Subquery(sendt_agter.values("hoeringssvar")[:1]),
        paabud_frist=Subquery(paabud.values("frist")[:1]),
    )


def naeste_skridt(f, today: dt.date) -> str:
    """What the case waits for (the consultant's 'next step'), from ``with_queue_data`` annotations."""
    status = f.status
    if status == Status.AABNET:
        return "Orientér ledelsen og indled dialogen"
    if status == Status.I_DIALOG:
        return "Afklar bekymringen i dialog, eller skriv en agterskrivelse"
    if status == Status.VARSLING:
        return {
            AgterskrivelseStatus.KLADDE: "Gør agterskrivelsen færdig og send den til godkendelse",
            AgterskrivelseStatus.TIL_GODKENDELSE: "Afventer juristens godkendelse",
            AgterskrivelseStatus.TILBAGESENDT: "Ret agterskrivelsen efter juristens kommentar",
            AgterskrivelseStatus.GODKENDT: "Send den godkendte agterskrivelse",
        }.get(getattr(f, "kladde_status", None) or "", "Agterskrivelse under udarbejdelse")
    if status == Status.VARSLET:
        frist = getattr(f, "hoeringsfrist", None)
        if getattr(f, "hoeringssvar", None) or (frist and frist < today):
            return "Træf afgørelse, eller lad varslingen bortfalde"
        return f"Afvent høringssvar (frist {frist:%d.%m.%Y})" if frist else "Afvent høringssvar"
    if status == Status.PAABUD:
        frist = getattr(f, "paabud_frist", None)
        if frist and frist < today:
            return f"Påbuddets frist er overskredet ({frist:%d.%m.%Y}): følg op"
        return f"Følg op på påbuddet (frist {frist:%d.%m.%Y})" if frist else "Følg op på påbuddet"
    return "–"


def flags(forloeb, cfg: Indstillinger, today: dt.date) -> list[str]:
    """Proportionality (audit 19.2): flag, never forbid. Needs ``with_queue_data`` annotations."""
    out = []
    if forloeb.first_agter and (forloeb.first_moede is None or forloeb.first_agter < forloeb.first_moede):
        out.append("Agterskrivelse før noget dialogmøde")
    if forloeb.first_art == AktivitetArt.ANMODNING_REDEGOERELSE:
        out.append("Redegørelse som første skridt")
    if forloeb.alvor == Alvor.HOEJ:
        frist = forloeb.aabnet + dt.timedelta(days=cfg.hoej_uden_dialogmoede_dage)
        if (forloeb.first_moede is None and today > frist) or (forloeb.first_moede and forloeb.first_moede > frist):
            out.append(f"Høj alvor uden dialogmøde inden for {cfg.hoej_uden_dialogmoede_dage} dage")
    if forloeb.er_aaben:
        # After a påbud the forløb waits for its frist (overdue frister are shown on their own).
        if forloeb.status != Status.PAABUD and (today - forloeb.sidste_aktivitet).days > cfg.inaktiv_dage:
            out.append(f"Ingen aktivitet i over {cfg.inaktiv_dage} dage")
        if forloeb.afgoerelse_dato is None and (today - forloeb.aabnet).days > cfg.uden_afgoerelse_dage:
            out.append(f"Over {cfg.uden_afgoerelse_dage} dage uden afgørelse")
    return out


def flag_q(cfg: Indstillinger, today: dt.date) -> Q:
    """The same flags as ``flags`` as one SQL condition (needs ``with_queue_data``), for filtering."""
    from django.db.models import DateField, ExpressionWrapper, F

    hoej = dt.timedelta(days=cfg.hoej_uden_dialogmoede_dage)
    return (
        (Q(first_agter__isnull=False) & (Q(first_moede__isnull=True) | Q(first_agter__lt=F("first_moede"))))
        | Q(first_art=AktivitetArt.ANMODNING_REDEGOERELSE)
        | (Q(alvor=Alvor.HOEJ) & ((Q(first_moede__isnull=True) & Q(aabnet__lt=today - hoej))
                                  | Q(first_moede__gt=ExpressionWrapper(F("aabnet") + hoej, output_field=DateField()))))
        | (Q(status__in=AABNE_STATUSSER) & ~Q(status=Status.PAABUD)
           & Q(sidste_aktivitet__lt=today - dt.timedelta(days=cfg.inaktiv_dage)))
        | (Q(status__in=AABNE_STATUSSER) & Q(afgoerelse_dato__isnull=True)
           & Q(aabnet__lt=today - dt.timedelta(days=cfg.uden_afgoerelse_dage)))
    )


def decorate(rows, cfg: Indstillinger, today: dt.date):
    for f in rows:
        f.flag_list = flags(f, cfg, today)
        f.alder = (today - f.aabnet).days
        f.dage_siden = (today - f.sidste_aktivitet).days
        f.naeste = naeste_skridt(f, today)
    return rows


@dataclass
class Listing:
    rows: list
    total: int


SORT = {
    "alder": ("aabnet", "pk"), "-alder": ("-aabnet", "-pk"),
    "aktivitet": ("sidste_aktivitet", "pk"), "-aktivitet": ("-sidste_aktivitet", "-pk"),
    "enhed": ("enhed__navn", "pk"), "-enhed": ("-enhed__navn", "pk"),
    "overskredne": ("overdue", "pk"), "-overskredne": ("-overdue", "pk"),
    "alvor": ("alvor_orden", "pk"), "-alvor": ("-alvor_orden", "pk"),
    "risiko": ("risiko_orden", "pk"), "-risiko": ("-risiko_orden", "pk"),
}


def forloeb_list(user, filters: dict, *, today: dt.date | None = None, kun_egne: bool = False,
                 kun_aabne: bool = True) -> QuerySet[Dialogforloeb]:
    """Mine dialogforløb / the leader's escalation queue: filterable and sortable, one query per page."""
    from django.db.models import Case, When

    today = today or timezone.localdate()
    qs = forloeb_for(user)
    if kun_egne:
        qs = qs.filter(ansvarlig=user)
    status = filters.get("status")
    if status:
        qs = qs.filter(status=status)
    elif kun_aabne:
        qs = qs.filter(status__in=AABNE_STATUSSER)
    if filters.get("alvor"):
        qs = qs.filter(alvor=filters["alvor"])
    if filters.get("risiko"):
        qs = qs.filter(enhed__risikokategori=filters["risiko"])
    if filters.get("ansvarlig"):
        qs = qs.filter(ansvarlig_id=filters["ansvarlig"])
    if filters.get("q"):
        qs = qs.filter(Q(enhed__navn__icontains=filters["q"]) | Q(temaer__icontains=filters["q"]))
    qs = with_queue_data(qs, today).annotate(
        alvor_orden=Case(When(alvor="hoej", then=3), When(alvor="middel", then=2), default=1,
                         output_field=IntegerField()),
        risiko_orden=Case(When(enhed__risikokategori="roed", then=3), When(enhed__risikokategori="gul", then=2),
                          When(enhed__risikokategori="groen", then=1), default=0, output_field=IntegerField()),
    )
    if filters.get("flag"):
        qs = qs.filter(flag_q(indstillinger_for(user.socialtilsyn_id), today))
    sort = SORT.get(filters.get("sort") or "", ("-alvor_orden", "-overdue", "sidste_aktivitet", "pk"))
    return qs.order_by(*sort)


def forloeb_for_enhed(user, enhed) -> QuerySet[Dialogforloeb]:
    return forloeb_for(user).filter(enhed=enhed).order_by("-aabnet", "-pk")


def roede_uden_forloeb(user):
    from django.db.models import Exists

    from tilsyn.models import AKTIVE_STATUSSER

    aabne = Dialogforloeb.objects.filter(enhed=OuterRef("pk"), status__in=AABNE_STATUSSER)
    return (enheder_for(user).filter(risikokategori="roed", godkendelsesstatus__in=AKTIVE_STATUSSER)
            .annotate(har=Exists(aabne)).filter(har=False).order_by("navn"))
