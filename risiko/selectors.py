"""Reads for risiko, all scoped to the user's socialtilsyn through ``tilsyn.selectors``."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import (
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tilsyn.models import AKTIVE_STATUSSER, Enhed, Risikokategori, Tilsynsbesoeg
from tilsyn.selectors import RISIKO_ORDEN, enheder_for, indstillinger_for

from .models import KATEGORI_NIVEAU, Revurderingsforslag, Risikofaktor, Risikovurdering


class DageMellem(Func):
    """``a - b`` for two dates: whole days as an integer in PostgreSQL."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


KATEGORIER = [Risikokategori.ROED, Risikokategori.GUL, Risikokategori.GROEN]


def _model(app: str, name: str):
    """A model of a sibling app, looked up late (kvalitetsmodel and dialogforloeb import risiko too)."""
    return apps.get_model(app, name)


def risikovurderinger_for(user) -> QuerySet[Risikovurdering]:
    sid = getattr(user, "socialtilsyn_id", None)
    if not sid:
        return Risikovurdering.objects.none()
    return Risikovurdering.objects.filter(enhed__socialtilsyn_id=sid)


def enhed_for(user, pk: int) -> Enhed:
    return get_object_or_404(enheder_for(user).select_related("socialtilsyn"), pk=pk)


def vurdering_detail(user, pk: int) -> Risikovurdering:
    qs = risikovurderinger_for(user).select_related("enhed", "vurderet_af", "tilsynsbesoeg", "kvalitetsvurdering")
    return get_object_or_404(qs.prefetch_related("faktorer"), pk=pk)


def historik_for_enhed(user, enhed: Enhed) -> list[Risikovurdering]:
    """All assessments of one unit, newest first, with what the timeline shows (constant queries)."""
    qs = risikovurderinger_for(user).filter(enhed=enhed).select_related("vurderet_af", "tilsynsbesoeg")
    return list(qs.prefetch_related(Prefetch("faktorer", queryset=Risikofaktor.objects.order_by("orden"))))


def aktive_faktorer() -> QuerySet[Risikofaktor]:
    return Risikofaktor.objects.filter(aktiv=True)


def forslag_for(user) -> QuerySet[Revurderingsforslag]:
    sid = getattr(user, "socialtilsyn_id", None)
    if not sid:
        return Revurderingsforslag.objects.none()
    return Revurderingsforslag.objects.filter(enhed__socialtilsyn_id=sid)


def aabne_forslag_for(user) -> QuerySet[Revurderingsforslag]:
    return forslag_for(user).filter(loest__isnull=True).select_related("enhed").order_by("-oprettet", "-pk")


def aabne_forslag_for_enhed(user, enhed: Enhed) -> list[Revurderingsforslag]:
    return list(forslag_for(user).filter(enhed=enhed, loest__isnull=True).order_by("-oprettet"))


def planlagte_besoeg(user, enhed: Enhed) -> QuerySet[Tilsynsbesoeg]:
    from tilsyn.selectors import besoeg_for

    return besoeg_for(user).filter(enhed=enhed, status="planlagt").order_by("dato")


def afsluttede_kvalitetsvurderinger(user, enhed: Enhed):
    Kv = _model("kvalitetsmodel", "Kvalitetsvurdering")
    return Kv.objects.filter(enhed=enhed, enhed__socialtilsyn_id=user.socialtilsyn_id, status="afsluttet",
                             erstattet=False).order_by("-afsluttet", "-pk")


def foreslaaet_interval(user, kategori: str) -> int:
    """The suggested visit interval in months for a colour, from the socialtilsyn's Indstillinger."""
    return indstillinger_for(user.socialtilsyn_id).interval_for(kategori)


def foreslaaede_intervaller(user) -> dict[str, int]:
    """Every colour's suggested visit interval in months, from one read of the Indstillinger."""
    ind = indstillinger_for(user.socialtilsyn_id)
    return {k: ind.interval_for(k) for k in KATEGORIER}


# ---------------------------------------------------------------------------------------------
# Units whose latest completed quality assessment has no post assessment.


def _seneste_kv_subquery():
    Kv = _model("kvalitetsmodel", "Kvalitetsvurdering")
    return Subquery(
        Kv.objects.filter(enhed_id=OuterRef("pk"), status="afsluttet").order_by("-afsluttet", "-pk").values("pk")[:1],
        output_field=IntegerField(),
    )


def mangler_post(user) -> QuerySet[Enhed]:
    """Active units whose latest completed kvalitetsvurdering has no post risk assessment linked to it."""
    post = Risikovurdering.objects.filter(enhed_id=OuterRef("pk"), fase="post",
                                          kvalitetsvurdering_id=OuterRef("seneste_kv"))
    return (
        enheder_for(user).filter(godkendelsesstatus__in=AKTIVE_STATUSSER)
        .annotate(seneste_kv=_seneste_kv_subquery())
        .filter(seneste_kv__isnull=False)
        .annotate(har_post=Exists(post))
        .filter(har_post=False)
        .select_related("kommune", "ansvarlig_konsulent")
        .order_by("navn")
    )


# ---------------------------------------------------------------------------------------------
# The risk overview.


@dataclass
class Maaned:
    dato: dt.date
    label: str
    counts: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Risikooverblik:
    counts: dict            # {"roed": n, "gul": n, "groen": n, "": n}
    total: int
    maaneder: list[Maaned]  # month ends, oldest first, counts of the category each unit had then
    skift: dict             # {"op": n, "ned": n}: category changes during the last 12 months
    enheder: QuerySet       # rød and gul units, annotated alder_dage and aabent_forloeb (paginate it)
    intervaller: dict       # colour -> months

    @property
    def ingen(self) -> int:
        return self.counts.get("", 0)


KORT_MAANED = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def _month_ends(today: dt.date, n: int = 12) -> list[dt.date]:
    ends = []
    year, month = today.year, today.month
    for _ in range(n):
        # last day of the previous month
        first = dt.date(year, month, 1)
        ends.append(first - dt.timedelta(days=1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return [*reversed(ends), today]


def _filtered_units(user, filters: dict) -> QuerySet[Enhed]:
    qs = enheder_for(user).filter(godkendelsesstatus__in=AKTIVE_STATUSSER)
    if art := filters.get("art"):
        qs = qs.filter(art=art)
    if tilbudstype := filters.get("tilbudstype"):
        qs = qs.filter(tilbud__tilbudstyper__kode=tilbudstype)
    if kommune := filters.get("kommune"):
        qs = qs.filter(kommune_id=kommune)
    if filters.get("mine") and getattr(user, "pk", None):
        qs = qs.filter(ansvarlig_konsulent_id=user.pk)
    return qs


def risikooverblik(user, filters: dict | None = None, *, today: dt.date | None = None) -> Risikooverblik:
    """Counts per colour now and at each of the last 12 month ends, changes, and the rød/gul list.

    A fixed number of queries whatever the number of units: the counts are one GROUP BY, the
    history one flat read of (unit, date, category) rows folded in Python.
    """
    filters = filters or {}
    today = today or timezone.localdate()
    units = _filtered_units(user, filters)
    if filters.get("tilbudstype"):
        units = units.distinct()

    counts = Counter(dict.fromkeys([*KATEGORIER, ""], 0))
    for row in _count_rows(units):
        counts[row["risikokategori"]] = row["n"]

    ends = _month_ends(today)
    start = ends[0]
    rows = (
        Risikovurdering.objects.filter(enhed__in=units.values("pk"), dato__lte=today)
        .order_by("enhed_id", "dato", "oprettet", "pk")
        .values_list("enhed_id", "dato", "kategori")
    )
    per_enhed: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for enhed_id, dato, kategori in rows:
        per_enhed[enhed_id].append((dato, kategori))
    maaneder = [Maaned(d, f"{KORT_MAANED[d.month - 1]} {str(d.year)[2:]}", dict.fromkeys(KATEGORIER, 0))
                for d in ends]
    skift = {"op": 0, "ned": 0}
    for history in per_enhed.values():
        idx = 0
        current = ""
        for m in maaneder:
            while idx < len(history) and history[idx][0] <= m.dato:
                current = history[idx][1]
                idx += 1
            if current:
                m.counts[current] += 1
        previous = ""
        for dato, kategori in history:
            if previous and kategori != previous and dato > start:
                if KATEGORI_NIVEAU[kategori] > KATEGORI_NIVEAU[previous]:
                    skift["op"] += 1
                else:
                    skift["ned"] += 1
            previous = kategori
    # The latest point is the units' current colour (also for units categorised before any history).
    maaneder[-1].counts = {k: counts[k] for k in KATEGORIER}
    maaneder[-1].label = "i dag"

    sort = filters.get("sort") or "-risiko"
    order = {
        "-risiko": ("-risiko_orden", "risikokategori_siden", "navn"),
        "risiko": ("risiko_orden", "navn"),
        "navn": ("navn",), "-navn": ("-navn",),
        "siden": ("risikokategori_siden", "navn"), "-siden": ("-risikokategori_siden", "navn"),
        "kommune": ("kommune__navn", "navn"), "-kommune": ("-kommune__navn", "navn"),
    }.get(sort, ("-risiko_orden", "risikokategori_siden", "navn"))
    # date - date is a number of days in PostgreSQL.
    liste = units.filter(risikokategori__in=[Risikokategori.ROED, Risikokategori.GUL]).annotate(
        risiko_orden=RISIKO_ORDEN,
        alder_dage=DageMellem(Value(today, output_field=DateField()), F("risikokategori_siden")),
    )
    liste = _med_aabent_forloeb(liste).select_related("kommune", "ansvarlig_konsulent").order_by(*order)

    intervaller = foreslaaede_intervaller(user) if getattr(user, "socialtilsyn_id", None) else {}
    return Risikooverblik(counts=dict(counts), total=sum(counts.values()), maaneder=maaneder, skift=skift,
                          enheder=liste, intervaller=intervaller)


def _count_rows(units: QuerySet[Enhed]):
    from django.db.models import Count

    return units.order_by().values("risikokategori").annotate(n=Count("pk", distinct=True))


def _med_aabent_forloeb(qs: QuerySet[Enhed]) -> QuerySet[Enhed]:
    Forloeb = _model("dialogforloeb", "Dialogforloeb")
    return qs.annotate(aabent_forloeb=Exists(
        Forloeb.objects.filter(enhed_id=OuterRef("pk")).exclude(status="afsluttet")))


def enheder_i_roed(user) -> QuerySet[Enhed]:
    """Active units in rød, those without an open dialogforløb first (they may need one), oldest first."""
    qs = enheder_for(user).filter(godkendelsesstatus__in=AKTIVE_STATUSSER, risikokategori=Risikokategori.ROED)
    return (_med_aabent_forloeb(qs).select_related("kommune", "ansvarlig_konsulent")
            .order_by("aabent_forloeb", "risikokategori_siden", "navn"))


# ---------------------------------------------------------------------------------------------
# The small chart of a unit's category over time (server-side SVG).


@dataclass
class Graf:
    width: int
    height: int
    path: str
    points: list[dict]
    levels: list[dict]
    ticks: list[dict]


def graf_for(historik: list[Risikovurdering], *, today: dt.date | None = None) -> Graf | None:
    """A step line of the category over time: y levels Grøn/Gul/Rød (labelled with the words)."""
    if not historik:
        return None
    today = today or timezone.localdate()
    chron = sorted(historik, key=lambda v: (v.dato, v.oprettet, v.pk))
    width, height, left, right, top, bottom = 560, 150, 56, 16, 12, 28
    start = min(chron[0].dato, today - dt.timedelta(days=365))
    span = max((today - start).days, 1)

    def x(d: dt.date) -> float:
        return round(left + (d - start).days / span * (width - left - right), 1)

    def y(kategori: str) -> float:
        return round(top + (3 - KATEGORI_NIVEAU[kategori]) * (height - top - bottom) / 2, 1)

    parts, points = [], []
    for i, v in enumerate(chron):
        px, py = x(v.dato), y(v.kategori)
        parts.append(f"M {px} {py}" if i == 0 else f"H {px} V {py}")
        points.append({"x": px, "y": py, "kategori": v.kategori, "label": v.get_kategori_display(), "fill": FARVER[v.kategori],
                       "dato": v.dato, "fase": v.fase_kort})
    parts.append(f"H {x(today)}")
    levels = [{"y": y(k), "label": k.label, "kategori": k.value} for k in KATEGORIER]
    ticks = []
    year = start.year
    while dt.date(year, 1, 1) <= today:
        d = dt.date(year, 1, 1)
        if d >= start:
            ticks.append({"x": x(d), "label": str(year)})
        year += 1
    return Graf(width=width, height=height, path=" ".join(parts), points=points, levels=levels, ticks=ticks)


FARVER = {Risikokategori.ROED: "#b0000f", Risikokategori.GUL: "#e8b400", Risikokategori.GROEN: "#2e7d32"}


def trend_graf(maaneder: list[Maaned]) -> dict:
    """Stacked bars (grøn at the bottom, then gul, then rød) per month end, with numbers as text."""
    width, height, left, bottom, top = 640, 200, 8, 36, 8
    n = len(maaneder)
    slot = (width - left) / max(n, 1)
    bar = slot * 0.7
    peak = max((m.total for m in maaneder), default=0) or 1
    scale = (height - top - bottom) / peak
    bars = []
    for i, m in enumerate(maaneder):
        x = round(left + i * slot + (slot - bar) / 2, 1)
        y = height - bottom
        segments = []
        for kategori in (Risikokategori.GROEN, Risikokategori.GUL, Risikokategori.ROED):
            h = round(m.counts.get(kategori, 0) * scale, 1)
            y = round(y - h, 1)
            segments.append({"y": y, "h": h, "fill": FARVER[kategori], "label": kategori.label,
                             "n": m.counts.get(kategori, 0)})
        bars.append({"x": x, "w": round(bar, 1), "cx": round(x + bar / 2, 1), "segments": segments,
                     "label": m.label, "total": m.total, "top": y})
    return {"width": width, "height": height, "bars": bars, "label_y": height - bottom + 16}
