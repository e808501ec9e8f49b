"""Factories for risk assessments (tests/risiko only)."""

import datetime as dt

import factory

from risiko.models import DIMENSION_KEYS, Fase, Risikovurdering
from tests.factories import TilbudFactory, konsulent


def plan(niveau: str = "standard", note: str = "") -> dict:
    return {key: {"niveau": niveau, "note": note} for key in DIMENSION_KEYS}


class RisikovurderingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risikovurdering

    enhed = factory.SubFactory(TilbudFactory)
    fase = Fase.PRAE
    kategori = "groen"
    begrundelse = "Stabil drift, ingen bekymringer."
    intensitetsplan = factory.LazyFunction(plan)
    dato = dt.date(2026, 1, 10)
    vurderet_af = factory.LazyAttribute(lambda o: konsulent(o.enhed.socialtilsyn.slug))


def kvalitetsvurdering(enhed, *, afsluttet: bool = True, dato=dt.date(2026, 6, 1)):
    """A quality assessment of the unit, completed (status afsluttet) unless told otherwise."""
    from django.utils import timezone

    from kvalitetsmodel.models import Kvalitetsmodel, Kvalitetsvurdering

    model = Kvalitetsmodel.objects.filter(omraade=enhed.art).order_by("pk").first() or Kvalitetsmodel.objects.create(
        omraade=enhed.art, version="test", navn="Testmodel")
    return Kvalitetsvurdering.objects.create(
        enhed=enhed, model=model, dato=dato, oprettet_af=konsulent(enhed.socialtilsyn.slug),
        status="afsluttet" if afsluttet else "kladde", afsluttet=timezone.now() if afsluttet else None,
    )
