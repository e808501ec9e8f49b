"""Reads of dialogforløb, scoped to the user's socialtilsyn through the unit. Lists annotate what the
queues show (age, days since activity, overdue frister, the facts behind proportionality flags) in
the one query, so page query counts stay flat however many forløb there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DateField, Exists, F, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from frister.models import AKTIVE_STATUSSER as FRIST_AKTIVE
from tilsyn.models import RISIKO_RANG, Risikokategori
from tilsyn.selectors import enheder_for

from .models import Afgoerelse, Agterskrivelse, Aktivitet, Dialogforloeb, Haendelse, Indstillinger
from .vocabulary import (
    AABNE_STATUSSER,
    AGTER_AABNE,
    DIALOGDEFINITION,
    DIALOGMOEDE_ARTER,
    TUNGE_REAKTIONER,
    UDKAST_AABNE,
    AfgoerelseArt,
    AktivitetArt,
    Alvor,
    Formaal,
    Status,
    UdkastStatus,
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


def afgoerelser_for(user) -> QuerySet[Afgoerelse]:
    return Afgoerelse.objects.filter(forloeb__enhed__in=enheder_for(user)).select_related(
        "forloeb__enhed__socialtilsyn", "forfatter", "godkendt_af", "udstedt_af", "agterskrivelse", "paabud")


def afgoerelse_detail(user, pk: int) -> Afgoerelse:
    return get_object_or_404(afgoerelser_for(user), pk=pk)


def godkendelser_for(user) -> list:
    """The jurist's queue: agterskrivelser and afgørelser waiting for approval, oldest first, each with the
    date it affects (the høringsfrist it will start, or the påbud's frist)."""
    agter = list(agterskrivelser_for(user).filter(status=UdkastStatus.TIL_GODKENDELSE).order_by("indsendt", "pk"))
    afg = list(afgoerelser_for(user).filter(status=UdkastStatus.TIL_GODKENDELSE).order_by("indsendt", "pk"))
    return sorted(agter + afg, key=lambda u: (u.indsendt, u.pk))


def godkendelser_antal(user) -> int:
    """How many texts wait for a jurist (the menu badge): two counts, no rows."""
    return (agterskrivelser_for(user).filter(status=UdkastStatus.TIL_GODKENDELSE).count()
            + afgoerelser_for(user).filter(status=UdkastStatus.TIL_GODKENDELSE).count())


def senest_godkendt_af(user, limit: int = 10) -> list:
    agter = list(agterskrivelser_for(user).filter(godkendt_af=user).order_by("-godkendt")[:limit])
    afg = list(afgoerelser_for(user).filter(godkendt_af=user).order_by("-godkendt")[:limit])
    return sorted(agter + afg, key=lambda u: u.godkendt, reverse=True)[:limit]


def afgoerelser(forloeb) -> QuerySet[Afgoerelse]:
    return forloeb.afgoerelser.select_related("forfatter", "godkendt_af", "udstedt_af", "paabud").order_by("-pk")


def dialogdefinition() -> list[tuple[str, bool, str]]:
    """The legend: each activity type, whether it counts as dialog under BEK § 9, and why."""
    return [(AktivitetArt(art).label, regel.dialog, regel.hvorfor) for art, regel in DIALOGDEFINITION.items()]


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
    sub = (Frist.objects.filter(sag_ct=ct, sag_id=OuterRef("pk"), status__in=FRIST_AKTIVE, frist__lt=today)
           .order_by().values("sag_id").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def with_queue_data(qs: QuerySet[Dialogforloeb], today: dt.date) -> QuerySet[Dialogforloeb]:
    first_moede = (Aktivitet.objects.filter(forloeb=OuterRef("pk"), art__in=DIALOGMOEDE_ARTER).order_by()
                   .values("forloeb").annotate(d=Min("dato")).values("d"))
    first_agter = (Agterskrivelse.objects.filter(forloeb=OuterRef("pk")).order_by()
                   .values("forloeb").annotate(d=Min("oprettet__date")).values("d"))
    first_art = (Aktivitet.objects.filter(forloeb=OuterRef("pk")).exclude(art=AktivitetArt.ORIENTERING_LEDELSE)
                 .order_by("dato", "pk").values("art")[:1])
    aaben_agter = Agterskrivelse.objects.filter(forloeb=OuterRef("pk"), status__in=AGTER_AABNE).order_by("-pk")
    sendt_agter = Agterskrivelse.objects.filter(forloeb=OuterRef("pk"), status=UdkastStatus.SENDT).order_by(
        "-sendt", "-pk")
    aabent_afg = Afgoerelse.objects.filter(forloeb=OuterRef("pk"), status__in=UDKAST_AABNE).order_by("-pk")
    paabud = Afgoerelse.objects.filter(forloeb=OuterRef("pk"), art=AfgoerelseArt.PAABUD, status=UdkastStatus.UDSTEDT,
                                       opfyldt__isnull=True).order_by("-pk")
    tung = Agterskrivelse.objects.filter(forloeb=OuterRef("pk"), status=UdkastStatus.SENDT,
                                         paataenkt__in=TUNGE_REAKTIONER)
    return qs.annotate(
        first_moede=Subquery(first_moede), first_agter=Subquery(first_agter), first_art=Subquery(first_art),
        overdue=_overdue_frister(today),
        kladde_status=Subquery(aaben_agter.values("status")[:1]),
        afg_status=Subquery(aabent_afg.values("status")[:1]),
        hoeringsfrist=Subquery(sendt_agter.values("hoeringsfrist")[:1]),
        hoeringssvar=Subquery(sendt_agter.values("hoeringssvar")[:1]),
        paabud_frist=Subquery(paabud.values("frist")[:1]),
        tung_reaktion=Exists(tung),
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
            UdkastStatus.KLADDE: "Gør agterskrivelsen færdig og send den til godkendelse",
            UdkastStatus.TIL_GODKENDELSE: "Afventer juristens godkendelse",
            UdkastStatus.TILBAGESENDT: "Ret agterskrivelsen efter juristens kommentar",
            UdkastStatus.GODKENDT: "Send den godkendte agterskrivelse",
        }.get(getattr(f, "kladde_status", None) or "", "Agterskrivelse under udarbejdelse")
    afg_status = getattr(f, "afg_status", None) or ""
    if afg_status:
        return {
            UdkastStatus.KLADDE: "Gør afgørelsen færdig og send den til godkendelse",
            UdkastStatus.TIL_GODKENDELSE: "Afgørelsen afventer juristens godkendelse",
            UdkastStatus.TILBAGESENDT: "Ret afgørelsen efter juristens kommentar",
            UdkastStatus.GODKENDT: "Udsted den godkendte afgørelse",
        }[afg_status]
    if status == Status.VARSLET:
        frist = getattr(f, "hoeringsfrist", None)
        if getattr(f, "hoeringssvar", None) or (frist and frist < today):
            return "Skriv afgørelsen (til godkendelse hos en jurist), eller lad varslingen bortfalde"
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
    if forloeb.tung_reaktion and forloeb.alvor == Alvor.LAV:
        out.append("Skærpet tilsyn eller ophør varslet i et forløb med lav alvor")
    elif forloeb.tung_reaktion and forloeb.formaal == Formaal.AFKLARE:
        out.append("Skærpet tilsyn eller ophør varslet, selv om planen var at afklare bekymringen")
    if forloeb.er_aaben and (today - forloeb.aabnet).days > 2 * 7 * forloeb.forventet_varighed_uger:
        out.append(f"Forløbet har varet over dobbelt så længe som planlagt ({forloeb.forventet_varighed_uger} uger)")
    if forloeb.er_aaben:
        # After a påbud the forløb waits for its frist (overdue frister are shown on their own).
        if forloeb.status != Status.PAABUD and (today - forloeb.sidste_aktivitet).days > cfg.inaktiv_dage:
            out.append(f"Ingen aktivitet i over {cfg.inaktiv_dage} dage")
        if forloeb.afgoerelse_dato is None and (today - forloeb.aabnet).days > cfg.uden_afgoerelse_dage:
            out.append(f"Over {cfg.uden_afgoerelse_dage} dage uden afgørelse")
    return out


def flag_q(cfg: Indstillinger, today: dt.date) -> Q:
    """The same flags as ``flags`` as one SQL condition (needs ``with_queue_data``), for filtering."""
    from django.db.models import ExpressionWrapper

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
        | (Q(tung_reaktion=True) & (Q(alvor=Alvor.LAV) | Q(formaal=Formaal.AFKLARE)))
        | (Q(status__in=AABNE_STATUSSER)
           & Q(aabnet__lt=Value(today, output_field=DateField()) - F("forventet_varighed_uger") * dt.timedelta(days=14)))
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
        alvor_orden=Case(When(alvor=Alvor.HOEJ, then=3), When(alvor=Alvor.MIDDEL, then=2), default=1,
                         output_field=IntegerField()),
        risiko_orden=Case(*[When(enhed__risikokategori=k, then=v) for k, v in RISIKO_RANG.items()], default=0,
                          output_field=IntegerField()),
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
    return (enheder_for(user).filter(risikokategori=Risikokategori.ROED, godkendelsesstatus__in=AKTIVE_STATUSSER)
            .annotate(har=Exists(aabne)).filter(har=False).order_by("navn"))
