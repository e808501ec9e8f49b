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
