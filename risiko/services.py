"""Writes for risk assessments. The category never changes by itself: only a person recording a
``Risikovurdering`` does, and the unit's current colour is updated in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from tilsyn.errors import DomainError
from tilsyn.models import Besoegsstatus, Besoegstype, Enhed, Risikokategori, Tilsynsbesoeg, User
from tilsyn.services import require_perm, write

from .models import DIMENSION_KEYS, Fase, Intensitet, Revurderingsforslag, Risikofaktor, Risikovurdering

POST_KRAEVER_KVALITETSVURDERING = (
    "En post-vurdering kræver en afsluttet kvalitetsvurdering af enheden. "
    "Afslut kvalitetsvurderingen først, og vurdér derefter risikoen."
)


def revurdering_foreslaa(*, enhed, grund: str, kilde: str) -> None:
    """Record "overvej at revurdere risikokategorien" on the unit (contract for kvalitetsmodel and
    dialogforloeb). Never changes the category. Safe inside the caller's transaction; an identical
    open suggestion is not repeated. Resolved when the next risk assessment is recorded."""
    grund = (grund or "").strip()
    if not grund:
        raise DomainError("Angiv hvorfor risikokategorien bør revurderes.")
    enhed_id = enhed.pk if hasattr(enhed, "pk") else int(enhed)
    with transaction.atomic():
        if Revurderingsforslag.objects.filter(enhed_id=enhed_id, kilde=kilde, grund=grund, loest__isnull=True).exists():
            return
        Revurderingsforslag.objects.create(enhed_id=enhed_id, grund=grund, kilde=kilde)


def _clean_plan(plan: dict | None) -> dict:
    plan = plan or {}
    cleaned = {}
    missing = []
    for key in DIMENSION_KEYS:
        entry = plan.get(key) or {}
        niveau = entry.get("niveau") or ""
        if niveau not in Intensitet.values:
            missing.append(key)
            continue
        cleaned[key] = {"niveau": niveau, "note": (entry.get("note") or "").strip()}
    if missing:
        raise DomainError("Angiv tilsynsintensiteten for alle syv dimensioner.", field=f"niveau_{missing[0]}")
    return cleaned


def _check_kvalitetsvurdering(enhed: Enhed, kvalitetsvurdering) -> None:
    """Domain §5.1: the post assessment is documented after a (completed) quality assessment."""
    if kvalitetsvurdering is None:
        raise DomainError(POST_KRAEVER_KVALITETSVURDERING, field="kvalitetsvurdering")
    if kvalitetsvurdering.enhed_id != enhed.pk:
        raise DomainError("Kvalitetsvurderingen hører til en anden enhed.", field="kvalitetsvurdering")
    if getattr(kvalitetsvurdering, "status", None) != "afsluttet":
        raise DomainError(POST_KRAEVER_KVALITETSVURDERING, field="kvalitetsvurdering")
    if getattr(kvalitetsvurdering, "erstattet", False):
        raise DomainError("Kvalitetsvurderingen er erstattet af en rettet version. Knyt post-vurderingen til den "
                          "gældende version.", field="kvalitetsvurdering")


def _planned_visit(*, actor: User, enhed: Enhed, besoeg: dict) -> Tilsynsbesoeg:
    from tilsyn.services import tilsynsbesoeg_create

    besoegstype = besoeg.get("besoegstype") or Besoegstype.UANMELDT
    data = {
        "besoegstype": besoegstype, "status": Besoegsstatus.PLANLAGT, "dato": besoeg["dato"],
        "varslet_dato": besoeg.get("varslet_dato") if besoegstype == Besoegstype.ANMELDT else None,
        "metoder": besoeg.get("metoder") or [], "datakilder": besoeg.get("datakilder") or [],
        "fokus_temaer": besoeg.get("fokus_temaer") or "",
    }
    return tilsynsbesoeg_create(actor=actor, enhed=enhed, data=data, konsulenter=[actor])


def risikovurdering_create(
    *,
    actor: User,
    enhed: Enhed,
    fase: str,
    kategori: str,
    begrundelse: str,
    intensitetsplan: dict | None,
    faktorer: Iterable[Risikofaktor] = (),
    kvalitetsvurdering=None,
    tilsynsbesoeg: Tilsynsbesoeg | None = None,
    planlagt_besoeg: dict | None = None,
    dato: dt.date | None = None,
) -> Risikovurdering:
    """Record a præ or post assessment and set the unit's current category (who, when, why).

    ``planlagt_besoeg`` ({"dato", "besoegstype", "varslet_dato", ...}) plans a visit with the præ
    assessment; ``tilsynsbesoeg`` links an existing visit of the unit instead.
    """
    require_perm(actor, "risiko.add_risikovurdering", enhed, "Kun konsulenter og ledere kan vurdere risikoen.")
    if fase not in Fase.values:
        raise DomainError("Vælg om vurderingen er præ eller post.", field="fase")
    if kategori not in Risikokategori.values:
        raise DomainError("Vælg en risikokategori: grøn, gul eller rød.", field="kategori")
    begrundelse = (begrundelse or "").strip()
    if not begrundelse:
        raise DomainError("Skriv en begrundelse for risikokategorien.", field="begrundelse")
    plan = _clean_plan(intensitetsplan)
    faktorer = list(faktorer)
    if any(not f.aktiv for f in faktorer):
        raise DomainError("En af de valgte risikofaktorer er ikke længere i brug.", field="faktorer")
    if fase == Fase.POST:
        _check_kvalitetsvurdering(enhed, kvalitetsvurdering)
        if planlagt_besoeg:
            raise DomainError("Et besøg planlægges med præ-vurderingen, ikke med post-vurderingen.")
    elif kvalitetsvurdering is not None:
        raise DomainError("Kun en post-vurdering knyttes til en kvalitetsvurdering.", field="kvalitetsvurdering")
    if tilsynsbesoeg is not None and tilsynsbesoeg.enhed_id != enhed.pk:
        raise DomainError("Tilsynsbesøget hører til en anden enhed.", field="tilsynsbesoeg")
    today = timezone.localdate()
    dato = dato or today
    if dato > today:
        raise DomainError("En risikovurdering kan ikke dateres frem i tiden.", field="dato")

    with write(actor, kilde="risikovurdering"):
        locked = Enhed.objects.select_for_update().get(pk=enhed.pk)
        if planlagt_besoeg:
            tilsynsbesoeg = _planned_visit(actor=actor, enhed=locked, besoeg=planlagt_besoeg)
        vurdering = Risikovurdering.objects.create(
            enhed=locked, fase=fase, kategori=kategori, forrige_kategori=locked.risikokategori,
            begrundelse=begrundelse, intensitetsplan=plan, tilsynsbesoeg=tilsynsbesoeg, dato=dato,
            vurderet_af=actor, kvalitetsvurdering=kvalitetsvurdering,
        )
        if faktorer:
            vurdering.faktorer.set(faktorer)
        if locked.risikokategori != kategori or locked.risikokategori_siden is None:
            locked.risikokategori = kategori
            locked.risikokategori_siden = dato
            locked.save(update_fields=["risikokategori", "risikokategori_siden", "opdateret"])
        Revurderingsforslag.objects.filter(enhed=locked, loest__isnull=True).update(
            loest=timezone.now(), loest_af=vurdering
        )
    enhed.risikokategori = locked.risikokategori
    enhed.risikokategori_siden = locked.risikokategori_siden
    return vurdering
