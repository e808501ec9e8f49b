"""Helpers for quality-assessment tests: start an assessment through the service and fill it in."""

from __future__ import annotations

import datetime as dt

from kvalitetsmodel import services
from kvalitetsmodel.models import Bedoemmelse, KriterieVurdering, Kvalitetsvurdering, TemaVurdering


def start(actor, enhed, **kw) -> Kvalitetsvurdering:
    return services.vurdering_start(actor=actor, enhed=enhed, **kw)


def fill(vurdering: Kvalitetsvurdering, score=4, *, scores: dict[str, int] | None = None,
         leave_out: tuple[str, ...] = ()) -> Kvalitetsvurdering:
    """Fill every applicable row (score ``score``; ``scores`` by label, e.g. {"Indikator 4a": 1}) and every
    text, leaving out the labels in ``leave_out``."""
    scores = scores or {}
    rows = list(vurdering.bedoemmelser.select_related("indikator", "kriterium"))
    for b in rows:
        if b.ikke_relevant or b.label in leave_out:
            continue
        if vurdering.scorer:
            b.score = scores.get(b.label, score)
        else:
            b.forventes_opfyldt = True
        b.begrundelse = f"Begrundelse for {b.label}: observeret på besøget."
        b.datakilder = ["ledelse", "borgere"]
    Bedoemmelse.objects.bulk_update(rows, ["score", "forventes_opfyldt", "begrundelse", "datakilder"])
    KriterieVurdering.objects.filter(vurdering=vurdering).update(tekst="Kriteriet er vurderet.")
    TemaVurdering.objects.filter(vurdering=vurdering).update(tekst="Temaet er vurderet på baggrund af indikatorerne.")
    Kvalitetsvurdering.objects.filter(pk=vurdering.pk).update(
        samlet_vurdering="Tilbuddet har samlet set den fornødne kvalitet.", udviklingspunkter="Dokumentation af mål.",
        oekonomi_baeredygtig="ja", oekonomi_kvalitet_pris="ja", oekonomi_gennemsigtig="delvist",
        oekonomi_tekst="Økonomien er bæredygtig.", datakilder=["ledelse"],
    )
    vurdering.refresh_from_db()
    return vurdering


def completed(actor, enhed, score=4, *, dato: dt.date | None = None, scores=None) -> Kvalitetsvurdering:
    vurdering = fill(start(actor, enhed, dato=dato), score, scores=scores)
    return services.vurdering_afslut(actor=actor, vurdering=vurdering)
