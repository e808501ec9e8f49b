"""Reads for the core register. Every queryset here is already scoped to the user's socialtilsyn:
views, search, PDFs and the API get their objects through these functions and nowhere else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    DateField,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import (
    AKTIVE_STATUSSER,
    Besoegsstatus,
    Enhed,
    Godkendelsesaendring,
    Indstillinger,
    Plejefamilie,
    Risikokategori,
    Tilbud,
    Tilsynsbesoeg,
    User,
)


def _socialtilsyn_id(user) -> int | None:
    if user is None or not user.is_authenticated:
        return None
    return user.socialtilsyn_id


def enheder_for(user) -> QuerySet[Enhed]:
    sid = _socialtilsyn_id(user)
    return Enhed.objects.filter(socialtilsyn_id=sid) if sid else Enhed.objects.none()


def tilbud_for(user) -> QuerySet[Tilbud]:
    sid = _socialtilsyn_id(user)
    return Tilbud.objects.filter(socialtilsyn_id=sid) if sid else Tilbud.objects.none()


def plejefamilier_for(user) -> QuerySet[Plejefamilie]:
    sid = _socialtilsyn_id(user)
    return Plejefamilie.objects.filter(socialtilsyn_id=sid) if sid else Plejefamilie.objects.none()


def besoeg_for(user) -> QuerySet[Tilsynsbesoeg]:
    sid = _socialtilsyn_id(user)
    if not sid:
        return Tilsynsbesoeg.objects.none()
    return Tilsynsbesoeg.objects.filter(enhed__socialtilsyn_id=sid)


def kolleger_for(user) -> QuerySet[User]:
    sid = _socialtilsyn_id(user)
    return User.objects.filter(socialtilsyn_id=sid, is_active=True) if sid else User.objects.none()


def konsulenter_for(user) -> QuerySet[User]:
    return kolleger_for(user).filter(is_konsulent=True)


def indstillinger_for(socialtilsyn_id: int) -> Indstillinger:
    obj, _ = Indstillinger.objects.get_or_create(socialtilsyn_id=socialtilsyn_id)
    return obj


# ---------------------------------------------------------------------------------------------
# Visit interval: next visit = last completed visit (or approval date) + interval for the colour.


# PostgreSQL dates reach far beyond Python's (year 9999): a next-visit date computed from an absurd
# stored date is capped here, so it never overflows into a page error.
SIDSTE_DATO = dt.date.max


class PlusMonths(Func):
    """``date + make_interval(months => n)`` as a date, capped at 31.12.9999."""

    output_field = DateField()

    def as_sql(self, compiler, connection, **extra_context):
        date_sql, date_params = compiler.compile(self.source_expressions[0])
        months_sql, months_params = compiler.compile(self.source_expressions[1])
        return (
            f"LEAST((({date_sql}) + make_interval(months => ({months_sql})::int))::date, %s)",
            (*date_params, *months_params, SIDSTE_DATO),
        )


def seneste_besoeg_subquery(today: dt.date | None = None):
    # A completed visit dated in the future is a data error: it must not push the next visit away
    # and hide an overdue unit from every list.
    return Subquery(
        Tilsynsbesoeg.objects.filter(enhed_id=OuterRef("pk"), status=Besoegsstatus.GENNEMFOERT,
                                     dato__lte=today or timezone.localdate())
        .order_by("-dato")
        .values("dato")[:1],
        output_field=DateField(),
    )


def with_besoegsstatus(qs: QuerySet, indstillinger: Indstillinger, *, today: dt.date | None = None) -> QuerySet:
    """Annotate ``seneste_besoeg``, ``besoegsinterval`` (months) and ``naeste_besoeg`` (date due).

    The one rule for when a unit's next visit is due: the latest completed visit (or, before the
    first, the approval date) plus the interval for its risk colour. Lists, the visit plan, the
    unit page and frister's besøgsfrister all read it from here."""
    interval = Case(
        When(risikokategori=Risikokategori.GROEN, then=Value(indstillinger.besoegsinterval_groen)),
        When(risikokategori=Risikokategori.GUL, then=Value(indstillinger.besoegsinterval_gul)),
        When(risikokategori=Risikokategori.ROED, then=Value(indstillinger.besoegsinterval_roed)),
        default=Value(indstillinger.besoegsinterval_maaneder),
        output_field=IntegerField(),
    )
    return qs.annotate(
        seneste_besoeg=seneste_besoeg_subquery(today),
        besoegsinterval=interval,
    ).annotate(
        naeste_besoeg=PlusMonths(
            Coalesce("seneste_besoeg", "godkendt_dato", Cast("oprettet", DateField())),
            "besoegsinterval",
        )
    )


def forfalder_horisont(indstillinger: Indstillinger, today: dt.date) -> dt.date:
    """Visits due up to this date show as "forfalder" (the socialtilsyn's setting, not a fixed 30 days)."""
    return today + dt.timedelta(days=indstillinger.besoeg_forfalder_dage)


def besoeg_overskredet_q(today: dt.date) -> Q:
    return Q(godkendelsesstatus__in=AKTIVE_STATUSSER, naeste_besoeg__lt=today)


def besoeg_forfalder_q(indstillinger: Indstillinger, today: dt.date) -> Q:
    return Q(godkendelsesstatus__in=AKTIVE_STATUSSER, naeste_besoeg__gte=today,
             naeste_besoeg__lte=forfalder_horisont(indstillinger, today))


@dataclass
class Besoegsoverblik:
    overskredet: QuerySet
    forfalder: QuerySet
    dage: int


def besoegsoverblik(user, *, today: dt.date | None = None) -> Besoegsoverblik:
    """Active units of the user's socialtilsyn without a visit within their interval, and those due soon."""
    today = today or timezone.localdate()
    sid = _socialtilsyn_id(user)
    if not sid:
        none = Enhed.objects.none()
        return Besoegsoverblik(none, none, 30)
    ind = indstillinger_for(sid)
    qs = (
        with_besoegsstatus(enheder_for(user).filter(godkendelsesstatus__in=AKTIVE_STATUSSER), ind, today=today)
        .select_related("kommune", "ansvarlig_konsulent")
        .order_by("naeste_besoeg", "navn")
    )
    return Besoegsoverblik(
        overskredet=qs.filter(besoeg_overskredet_q(today)),
        forfalder=qs.filter(besoeg_forfalder_q(ind, today)),
        dage=ind.besoeg_forfalder_dage,
    )


# ---------------------------------------------------------------------------------------------
# Lists with filters (kept in the URL) and sorting.

SORTS = {
    "navn": ("navn",),
    "-navn": ("-navn",),
    "kommune": ("kommune__navn", "navn"),
    "-kommune": ("-kommune__navn", "navn"),
    "status": ("godkendelsesstatus", "navn"),
    "-status": ("-godkendelsesstatus", "navn"),
    "risiko": ("risiko_orden", "navn"),
    "-risiko": ("-risiko_orden", "navn"),
    "naeste_besoeg": ("naeste_besoeg", "navn"),
    "-naeste_besoeg": ("-naeste_besoeg", "navn"),
}

RISIKO_ORDEN = Case(
    When(risikokategori=Risikokategori.ROED, then=Value(3)),
    When(risikokategori=Risikokategori.GUL, then=Value(2)),
    When(risikokategori=Risikokategori.GROEN, then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)


def _apply_common_filters(qs: QuerySet, filters: dict, *, today: dt.date,
                          indstillinger: Indstillinger | None = None) -> QuerySet:
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(navn__icontains=q) | Q(adresse__icontains=q) | Q(by__icontains=q) | Q(postnummer=q))
    if status := filters.get("status"):
        qs = qs.filter(godkendelsesstatus=status)
    if kommune := filters.get("kommune"):
        qs = qs.filter(kommune_id=kommune)
    if risiko := filters.get("risiko"):
        qs = qs.filter(risikokategori="" if risiko == "ingen" else risiko)
    if konsulent := filters.get("konsulent"):
        qs = qs.filter(ansvarlig_konsulent_id=konsulent)
    besoeg = filters.get("besoeg")
    if besoeg == "overskredet" and indstillinger is not None:
        qs = qs.filter(besoeg_overskredet_q(today))
    elif besoeg == "forfalder" and indstillinger is not None:
        qs = qs.filter(besoeg_forfalder_q(indstillinger, today))
    return qs.order_by(*SORTS.get(filters.get("sort") or "navn", SORTS["navn"]))


def _enhed_list(user, qs: QuerySet, filters: dict, search: Q | None, today: dt.date | None) -> QuerySet:
    """Shared by the tilbud and plejefamilie lists: visit status, risk order, filters, sorting."""
    today = today or timezone.localdate()
    ind = indstillinger_for(user.socialtilsyn_id) if user.socialtilsyn_id else None
    if ind is not None:
        qs = with_besoegsstatus(qs, ind, today=today)
    if search is not None:
        qs = qs.filter(search)
        filters = {**filters, "q": ""}  # already applied, with the art's own fields
    qs = qs.annotate(risiko_orden=RISIKO_ORDEN).select_related("kommune", "ansvarlig_konsulent")
    return _apply_common_filters(qs, filters, today=today, indstillinger=ind)


def _search_q(filters: dict, *fields: str, exact: tuple[str, ...] = ("postnummer",)) -> Q | None:
    q = (filters.get("q") or "").strip()
    if not q:
        return None
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": q})
    for name in exact:
        condition |= Q(**{name: q})
    return condition


def tilbud_list(user, filters: dict, *, today: dt.date | None = None) -> QuerySet[Tilbud]:
    qs = tilbud_for(user).prefetch_related("tilbudstyper")
    if tilbudstype := filters.get("type"):
        qs = qs.filter(tilbudstyper__kode=tilbudstype)
    search = _search_q(filters, "navn", "adresse", "by", "driftsherre_navn", exact=("postnummer", "driftsherre_cvr"))
    return _enhed_list(user, qs, filters, search, today).distinct()


def plejefamilie_list(user, filters: dict, *, today: dt.date | None = None) -> QuerySet[Plejefamilie]:
    qs = plejefamilier_for(user)
    if pftype := filters.get("type"):
        qs = qs.filter(plejefamilietype=pftype)
    search = _search_q(filters, "navn", "adresse", "by", "plejeforaelder_1", "plejeforaelder_2")
    return _enhed_list(user, qs, filters, search, today)


def enhed_detail(user, pk: int, *, art: str) -> Enhed:
    """One unit of the user's socialtilsyn (404 otherwise), with what its header needs."""
    base = tilbud_for(user) if art == "tilbud" else plejefamilier_for(user)
    if user.socialtilsyn_id:
        base = with_besoegsstatus(base, indstillinger_for(user.socialtilsyn_id))
    base = base.select_related("kommune", "ansvarlig_konsulent", "socialtilsyn").prefetch_related(
        Prefetch("godkendelsesaendringer", queryset=Godkendelsesaendring.objects.order_by("-pk"),
                 to_attr="godkendelse_historik"))
    if art == "tilbud":
        base = base.prefetch_related("tilbudstyper", "afdelinger")
    return get_object_or_404(base, pk=pk)


def besoeg_for_enhed(user, enhed: Enhed) -> QuerySet[Tilsynsbesoeg]:
    return (
        besoeg_for(user).filter(enhed=enhed)
        .select_related("oprettet_af")
        .prefetch_related(Prefetch("konsulenter", queryset=User.objects.order_by("first_name")))
    )


def besoeg_list(user, filters: dict) -> QuerySet[Tilsynsbesoeg]:
    qs = besoeg_for(user).select_related("enhed", "enhed__kommune").prefetch_related("konsulenter")
    if besoegstype := filters.get("type"):
        qs = qs.filter(besoegstype=besoegstype)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if konsulent := filters.get("konsulent"):
        qs = qs.filter(konsulenter__id=konsulent)
    if art := filters.get("art"):
        qs = qs.filter(enhed__art=art)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(enhed__navn__icontains=q)
    if fra := filters.get("fra"):
        qs = qs.filter(dato__gte=fra)
    if til := filters.get("til"):
        qs = qs.filter(dato__lte=til)
    order = {"dato": ("dato", "pk"), "-dato": ("-dato", "-pk"), "enhed": ("enhed__navn", "-dato")}
    return qs.order_by(*order.get(filters.get("sort") or "-dato", ("-dato", "-pk"))).distinct()


def besoeg_detail(user, pk: int) -> Tilsynsbesoeg:
    return get_object_or_404(
        besoeg_for(user).select_related("enhed", "oprettet_af").prefetch_related("konsulenter"), pk=pk
    )


def search(user, q: str, *, limit: int = 50) -> QuerySet[Enhed]:
    q = (q or "").strip()
    if not q:
        return Enhed.objects.none()
    return (
        enheder_for(user)
        .filter(Q(navn__icontains=q) | Q(adresse__icontains=q) | Q(by__icontains=q) | Q(postnummer=q)
                | Q(tilbud__driftsherre_navn__icontains=q) | Q(tilbud__driftsherre_cvr=q)
                | Q(plejefamilie__plejeforaelder_1__icontains=q) | Q(plejefamilie__plejeforaelder_2__icontains=q))
        .select_related("kommune")
        .order_by("navn")[:limit]
    )
