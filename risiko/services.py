"""Writes for risk assessments. The category never changes by itself: only a person recording a
``Risikovurdering`` does, and the unit's current colour is updated in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from tilsyn import dates
from tilsyn.errors import Checks, DomainError
from tilsyn.models import Besoegsstatus, Besoegstype, Enhed, Risikokategori, Tilsynsbesoeg, User
from tilsyn.services import besoeg_checks, require_perm, tilsynsbesoeg_create, write
from tilsyn.signals import besoegsgrundlag_changed

from .models import DIMENSION_KEYS, Fase, Intensitet, Revurderingsforslag, Risikofaktor, Risikovurdering

POST_KRAEVER_KVALITETSVURDERING = (
    "En post-vurdering kræver en afsluttet kvalitetsvurdering af enheden. "
    "Afslut kvalitetsvurderingen først, og vurdér derefter risikoen."
)
FREMTIDIG_DATO = "En risikovurdering kan ikke dateres frem i tiden."
# The planned visit's fields on the risk form, by the visit's own field names (tilsyn.services.besoeg_checks).
BESOEG_FELTER = {"dato": "besoeg_dato", "besoegstype": "besoeg_type", "varslet_dato": "besoeg_varslet"}


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


def _visit_data(besoeg: dict) -> dict:
    return {
        "besoegstype": besoeg.get("besoegstype") or Besoegstype.UANMELDT, "status": Besoegsstatus.PLANLAGT,
        "dato": besoeg.get("dato"), "varslet_dato": besoeg.get("varslet_dato"),
        "metoder": besoeg.get("metoder") or [], "datakilder": besoeg.get("datakilder") or [],
        "fokus_temaer": besoeg.get("fokus_temaer") or "",
    }


def _planned_visit(*, actor: User, enhed: Enhed, besoeg: dict) -> Tilsynsbesoeg:
    return tilsynsbesoeg_create(actor=actor, enhed=enhed, data=_visit_data(besoeg), konsulenter=[actor])


def risikovurdering_checks(*, enhed: Enhed, fase: str, kategori: str, begrundelse: str, intensitetsplan: dict | None,
                           faktorer: Iterable[Risikofaktor] = (), kvalitetsvurdering=None,
                           tilsynsbesoeg: Tilsynsbesoeg | None = None, planlagt_besoeg: dict | None = None,
                           dato: dt.date | None = None) -> Checks:
    """Every rule of a risk assessment, collected at once (the form asks this; the service refuses with it)."""
    checks = Checks()
    if fase not in Fase.values:
        checks.add("fase", "Vælg om vurderingen er præ eller post.")
    if kategori not in Risikokategori.values:
        checks.add("kategori", "Vælg en risikokategori: grøn, gul eller rød.")
    checks.require(bool((begrundelse or "").strip()), "begrundelse", "Skriv en begrundelse for risikokategorien.")
    try:
        _clean_plan(intensitetsplan)
    except DomainError as exc:
        checks.add(exc.field, exc.message)
    if any(not f.aktiv for f in faktorer):
        checks.add("faktorer", "En af de valgte risikofaktorer er ikke længere i brug.")
    if fase == Fase.POST:
        try:
            _check_kvalitetsvurdering(enhed, kvalitetsvurdering)
        except DomainError as exc:
            checks.add(exc.field, exc.message)
        if planlagt_besoeg or tilsynsbesoeg is not None:
            checks.add("besoeg_dato", "Et besøg planlægges med præ-vurderingen, ikke med post-vurderingen.")
    elif kvalitetsvurdering is not None:
        checks.add("kvalitetsvurdering", "Kun en post-vurdering knyttes til en kvalitetsvurdering.")
    if tilsynsbesoeg is not None and tilsynsbesoeg.enhed_id != enhed.pk:
        checks.add("tilsynsbesoeg", "Tilsynsbesøget hører til en anden enhed.")
    if planlagt_besoeg and fase != Fase.POST:
        if tilsynsbesoeg is not None:
            checks.add("besoeg_dato", "Vælg enten et planlagt besøg eller planlæg et nyt, ikke begge.")
        visit = besoeg_checks(enhed=enhed, data=_visit_data(planlagt_besoeg), ny=True)
        for field, messages in visit.errors.items():
            for message in messages:
                checks.add(BESOEG_FELTER.get(field, field), message)
    if dato is not None:
        checks.add("dato", FREMTIDIG_DATO if dato > dates.today() else dates.sket(
            dato, hvad="Vurderingsdatoen", tidligst=enhed.ansoegt_dato, tidligst_hvad="enhedens ansøgningsdato"))
    return checks


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
    faktorer = list(faktorer)
    dato = dato or dates.today()
    risikovurdering_checks(
        enhed=enhed, fase=fase, kategori=kategori, begrundelse=begrundelse, intensitetsplan=intensitetsplan,
        faktorer=faktorer, kvalitetsvurdering=kvalitetsvurdering, tilsynsbesoeg=tilsynsbesoeg,
        planlagt_besoeg=planlagt_besoeg, dato=dato,
    ).raise_if_any()
    begrundelse = begrundelse.strip()
    plan = _clean_plan(intensitetsplan)

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
            besoegsgrundlag_changed([locked.pk])  # the visit interval follows the colour
        Revurderingsforslag.objects.filter(enhed=locked, loest__isnull=True).update(
            loest=timezone.now(), loest_af=vurdering
        )
    enhed.risikokategori = locked.risikokategori
    enhed.risikokategori_siden = locked.risikokategori_siden
    return vurdering
