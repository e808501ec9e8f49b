"""A small world in two socialtilsyn (hovedstaden = the caller's, syd = another's) with one of each
object the API serves, and tokens for each role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from api import services as api_services
from dokumenter.services import dokument_create
from frister.models import FristArt
from tests import factories
from tests.dialogforloeb.factories import forloeb as make_forloeb
from tests.frister.factories import frist as make_frist
from tests.kvalitetsmodel.factories import completed
from tests.risiko.factories import RisikovurderingFactory

# A tiny valid PDF (the store checks the %PDF header only; the API serves the bytes as stored).
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def token_for(user, **kw) -> str:
    kw.setdefault("navn", "Test")
    kw.setdefault("udloeber", dt.date.today() + dt.timedelta(days=30))
    return api_services.token_create(actor=user, user=user, **kw)[1]


def auth(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@dataclass
class Side:
    """One socialtilsyn's objects."""

    konsulent: object
    jurist: object
    leder: object
    tilbud: object
    plejefamilie: object
    besoeg: object
    risikovurdering: object
    kvalitetsvurdering: object
    frist: object
    forloeb: object
    dokument: object
    extra: dict = field(default_factory=dict)


def build_side(slug: str) -> Side:
    konsulent = factories.konsulent(slug, username=f"k-{slug}")
    tilbud = factories.TilbudFactory(socialtilsyn=factories.socialtilsyn(slug), navn=f"Bostedet Ågården {slug}",
                                     ansvarlig_konsulent=konsulent)
    plejefamilie = factories.PlejefamilieFactory(socialtilsyn=factories.socialtilsyn(slug), navn=f"Familien Ærø {slug}")
    besoeg = factories.TilsynsbesoegFactory(enhed=tilbud, oprettet_af=konsulent, konsulenter=[konsulent])
    return Side(
        konsulent=konsulent, jurist=factories.jurist(slug, username=f"j-{slug}"),
        leder=factories.leder(slug, username=f"l-{slug}"), tilbud=tilbud, plejefamilie=plejefamilie, besoeg=besoeg,
        risikovurdering=RisikovurderingFactory(enhed=tilbud, vurderet_af=konsulent),
        kvalitetsvurdering=completed(konsulent, tilbud, dato=dt.date(2026, 6, 1)),
        frist=make_frist(enhed=tilbud, art=FristArt.PAABUD, responsible=konsulent, titel="Påbud om medicin"),
        forloeb=make_forloeb(konsulent, tilbud),
        dokument=dokument_create(actor=konsulent, enhed=tilbud, art="andet", titel=f"Prøvebrev {slug}", pdf=PDF,
                                 sendt=dt.date(2026, 11, 20)),
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    return {"own": build_side("hovedstaden"), "other": build_side("syd")}


@pytest.fixture
def own(world):
    return world["own"]


@pytest.fixture
def other(world):
    return world["other"]
