"""Computed scores (never typed): criterion score = mean of its applicable indicator scores, theme
score = mean of its criterion scores (domain.md §1.5). Also what is still missing, and the flags.

Everything here works on rows already loaded (no queries), so pages and htmx saves stay flat.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from .models import FLAG_FALD, FLAG_LAV_SCORE, Bedoemmelse, Kvalitetsflag

TO_DECIMALER = Decimal("0.01")


def mean(values) -> Decimal | None:
    values = [Decimal(v) for v in values if v is not None]
    if not values:
        return None
    return sum(values) / len(values)


def rund(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TO_DECIMALER, rounding=ROUND_HALF_UP)


@dataclass
class KriterieRaekke:
    kriterium: object
    vurdering: object  # KriterieVurdering (or None)
    bedoemmelser: list = field(default_factory=list)

    @cached_property
    def score_exact(self) -> Decimal | None:
        if not self.bedoemmelser:
            return None
        return mean(b.score for b in self.bedoemmelser if not b.ikke_relevant)

    @property
    def score(self) -> Decimal | None:
        return rund(self.score_exact)

    @property
    def relevant(self) -> bool:
        """Has at least one row that applies to the unit (a criterion of only 'ikke relevant' rows needs no text)."""
        return any(not b.ikke_relevant for b in self.bedoemmelser)

    @property
    def opfyldt(self) -> tuple[int, int]:
        """Godkendelse: (forventes at kunne opfylde, bedømt i alt) among applicable indicators."""
        relevante = [b for b in self.bedoemmelser if not b.ikke_relevant and b.forventes_opfyldt is not None]
        return sum(1 for b in relevante if b.forventes_opfyldt), len(relevante)


@dataclass
class TemaRaekke:
    tema: object
    vurdering: object  # TemaVurdering (or None)
    kriterier: list[KriterieRaekke] = field(default_factory=list)

    @cached_property
    def score(self) -> Decimal | None:
        return rund(mean(k.score_exact for k in self.kriterier))

    @property
    def relevant(self) -> bool:
        """A theme needs a written assessment unless every one of its criteria is 'ikke relevant'.
        A theme without criteria (the L 200 shape before its criteria are loaded) is assessed in text."""
        return not self.kriterier or any(k.relevant for k in self.kriterier)

    @property
    def opfyldt(self) -> tuple[int, int]:
        pairs = [k.opfyldt for k in self.kriterier]
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs)


@dataclass
class Skema:
    vurdering: object
    temaer: list[TemaRaekke]

    def bedoemmelser(self) -> list:
        return [b for t in self.temaer for k in t.kriterier for b in k.bedoemmelser]

    def tema_for_kriterium(self, kriterium_id: int) -> TemaRaekke | None:
        return next((t for t in self.temaer for k in t.kriterier if k.kriterium.pk == kriterium_id), None)

    def kriterie_raekke(self, kriterium_id: int) -> KriterieRaekke | None:
        return next((k for t in self.temaer for k in t.kriterier if k.kriterium.pk == kriterium_id), None)

    def mangler(self) -> list[str]:
        return mangler(self)


def build(vurdering, temaer, kriterier, bedoemmelser, temavurderinger, kriterievurderinger) -> Skema:
    """Assemble the tree from flat lists (each loaded with one query)."""
    tv = {x.tema_id: x for x in temavurderinger}
    kv = {x.kriterium_id: x for x in kriterievurderinger}
    by_kriterium: dict[int, list] = {}
    for b in bedoemmelser:
        by_kriterium.setdefault(b.kriterium_id, []).append(b)
    rows: dict[int, TemaRaekke] = {}
    for tema in temaer:
        rows[tema.pk] = TemaRaekke(tema, tv.get(tema.pk))
    for kriterium in kriterier:
        if kriterium.tema_id in rows:
            rows[kriterium.tema_id].kriterier.append(
                KriterieRaekke(kriterium, kv.get(kriterium.pk), by_kriterium.get(kriterium.pk, []))
            )
    return Skema(vurdering, list(rows.values()))


def bedoemmelse_mangler(b: Bedoemmelse, scorer: bool) -> list[str]:
    if b.ikke_relevant:
        return []
    missing = []
    if scorer and b.score is None:
        missing.append("score")
    if not scorer and b.forventes_opfyldt is None:
        missing.append("bedømmelse")
    if not b.begrundelse.strip():
        missing.append("begrundelse")
    if not b.datakilder:
        missing.append("datakilder")
    return missing


class Mangel(str):
    """A missing item, named for the user; ``anchor`` is the id of the field on the form page."""

    anchor: str = ""

    @classmethod
    def at(cls, text: str, anchor: str) -> Mangel:
        obj = cls(text)
        obj.anchor = anchor
        return obj


def mangler(skema: Skema) -> list[Mangel]:
    """Everything that stops completion, named so the consultant can find it."""
    v = skema.vurdering
    out = []
    for t in skema.temaer:
        for k in t.kriterier:
            for b in k.bedoemmelser:
                if missing := bedoemmelse_mangler(b, v.scorer):
                    out.append(Mangel.at(f"{b.label} ({', '.join(missing)})", f"b{b.pk}"))
            if k.relevant and (k.vurdering is None or not k.vurdering.tekst.strip()):
                out.append(Mangel.at(f"{k.kriterium.label} (skriftlig vurdering)", f"kriterium{k.kriterium.pk}-tekst"))
        if t.relevant and (t.vurdering is None or not t.vurdering.tekst.strip()):
            out.append(Mangel.at(f"Tema {t.tema.nummer} {t.tema.navn} (skriftlig vurdering)", f"tema{t.tema.pk}-tekst"))
    if not v.oekonomi_tekst.strip():
        out.append(Mangel.at("Økonomi (vurdering)", "generelt"))
    if v.enhed.art == "tilbud" and not (v.oekonomi_baeredygtig and v.oekonomi_kvalitet_pris and v.oekonomi_gennemsigtig):
        out.append(Mangel.at("Økonomi (de tre spørgsmål)", "generelt"))
    if not v.samlet_vurdering.strip():
        out.append(Mangel.at("Samlet vurdering", "generelt"))
    return out


@dataclass
class Aendring:
    niveau: str  # "tema" | "kriterium"
    label: str
    nu: Decimal | None
    foer: Decimal | None

    @property
    def aendring(self) -> Decimal | None:
        if self.nu is None or self.foer is None:
            return None
        return self.nu - self.foer


def sammenlign(nu: Skema, foer: Skema | None) -> list[Aendring]:
    """Per theme and criterion, the change in score; biggest drops first. Themes match by name (so a
    comparison across model versions still works), criteria by number within the same version."""
    if foer is None:
        return []
    foer_tema = {t.tema.navn: t for t in foer.temaer}
    same_model = nu.vurdering.model_id == foer.vurdering.model_id
    foer_krit = {k.kriterium.nummer: k for t in foer.temaer for k in t.kriterier}
    rows = []
    for t in nu.temaer:
        old = foer_tema.get(t.tema.navn)
        rows.append(Aendring("tema", f"Tema {t.tema.nummer}: {t.tema.navn}", t.score, old.score if old else None))
        if same_model:
            for k in t.kriterier:
                ok = foer_krit.get(k.kriterium.nummer)
                rows.append(Aendring("kriterium", f"{k.kriterium.label}: {k.kriterium.tekst}", k.score,
                                     ok.score if ok else None))
    return sorted(rows, key=lambda r: (r.aendring is None, r.aendring if r.aendring is not None else 0))


def flag(nu: Skema, foer: Skema | None) -> list[Kvalitetsflag]:
    """Unsaved flags: a theme or criterion at or below 2, or a drop of 1.5 or more. Only for scored
    (driftsorienteret) assessments; approval outcomes have no scores."""
    if not nu.vurdering.scorer:
        return []
    v = nu.vurdering
    out = []
    for t in nu.temaer:
        label = f"Tema {t.tema.nummer}: {t.tema.navn}"
        if t.score is not None and t.score <= FLAG_LAV_SCORE:
            out.append(Kvalitetsflag(vurdering=v, enhed_id=v.enhed_id, grund="lav", niveau="tema", label=label,
                                     score=t.score))
        for k in t.kriterier:
            if k.score is not None and k.score <= FLAG_LAV_SCORE:
                out.append(Kvalitetsflag(vurdering=v, enhed_id=v.enhed_id, grund="lav", niveau="kriterium",
                                         label=k.kriterium.label, score=k.score))
    if foer is not None and foer.vurdering.scorer:
        for row in sammenlign(nu, foer):
            if row.aendring is not None and -row.aendring >= FLAG_FALD:
                label = row.label if row.niveau == "tema" else row.label.split(":")[0]
                out.append(Kvalitetsflag(vurdering=v, enhed_id=v.enhed_id, grund="fald", niveau=row.niveau,
                                         label=label, score=row.nu, fald=-row.aendring))
    return out
