"""The nightly visit-interval check: besøgsfrister created, reminded, escalated and closed."""

import datetime as dt

import pytest

from frister import services
from frister.models import Frist, FristArt, FristStatus, FristTrin, Notifikation, TrinArt, TrinStatus
from tests import factories
from tilsyn.models import Besoegsstatus, Godkendelsesstatus, Risikokategori
from tilsyn.selectors import indstillinger_for

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def enhed(konsulent_hovedstaden):
    e = factories.TilbudFactory(navn="Bostedet Granly", ansvarlig_konsulent=konsulent_hovedstaden)
    factories.TilsynsbesoegFactory(enhed=e, dato=D(2026, 1, 20))  # next visit due 20 January 2027 (12 months)
    return e


def besoegsfrister():
    return list(Frist.objects.filter(art=FristArt.BESOEG).order_by("pk"))


def test_creates_frist_within_horizon_once(enhed, konsulent_hovedstaden):
    assert services.besoegsfrister_check(today=D(2026, 12, 20))["oprettet"] == 0  # 31 days before: outside 30
    assert services.besoegsfrister_check(today=D(2026, 12, 21))["oprettet"] == 1
    (f,) = besoegsfrister()
    assert (f.enhed_id, f.frist, f.ansvarlig, f.status) == (enhed.pk, D(2027, 1, 20), konsulent_hovedstaden, "aaben")
    assert f.owner.pk == enhed.pk
    assert services.besoegsfrister_check(today=D(2026, 12, 22)) == {"oprettet": 0, "opfyldt": 0, "annulleret": 0}
    assert len(besoegsfrister()) == 1


def test_interval_follows_risk_colour(enhed):
    enhed.risikokategori = Risikokategori.ROED
    enhed.save()
    # Rød: 3 months after 20 January 2026 = 20 April 2026, already passed on 1 June.
    assert services.besoegsfrister_check(today=D(2026, 6, 1))["oprettet"] == 1
    (f,) = besoegsfrister()
    assert f.frist == D(2026, 4, 20)
    ind = indstillinger_for(enhed.socialtilsyn_id)
    assert ind.interval_for(Risikokategori.ROED) == 3


def test_reminds_then_escalates_to_leader(enhed, konsulent_hovedstaden, leder_hovedstaden):
    services.besoegsfrister_check(today=D(2026, 12, 21))
    (f,) = besoegsfrister()
    kinds = sorted((t.kind, t.forfalder) for t in f.trin.all())
    assert (TrinArt.ESKALERING, D(2027, 1, 21)) in kinds
    # 20 working days before had passed when the frist was made: that reminder comes at once.
    assert services.frister_sweep(today=D(2026, 12, 21)).paamindelser == 1
    assert services.frister_sweep(today=D(2027, 1, 12)).paamindelser == 0
    assert services.frister_sweep(today=D(2027, 1, 13)).paamindelser == 1  # 5 working days before 20 January
    assert set(Notifikation.objects.values_list("user", flat=True)) == {konsulent_hovedstaden.pk}
    r = services.frister_sweep(today=D(2027, 1, 21))
    assert r.eskaleringer == 1
    assert set(Notifikation.objects.filter(trin__kind=TrinArt.ESKALERING).values_list("user__username", flat=True)) == {
        leder_hovedstaden.username, konsulent_hovedstaden.username}
    f.refresh_from_db()
    assert f.status == FristStatus.OVERSKREDET


def test_completed_visit_fulfils_the_frist(enhed):
    services.besoegsfrister_check(today=D(2026, 12, 21))
    factories.TilsynsbesoegFactory(enhed=enhed, dato=D(2027, 1, 8))
    assert services.besoegsfrister_check(today=D(2027, 1, 9))["opfyldt"] == 1
    (f,) = besoegsfrister()
    assert f.status == FristStatus.OPFYLDT
    assert not FristTrin.objects.filter(frist=f, status=TrinStatus.VENTER).exists()
    # A planned (not completed) visit does not count.
    factories.TilsynsbesoegFactory(enhed=enhed, dato=D(2028, 1, 2), status=Besoegsstatus.PLANLAGT)
    assert services.besoegsfrister_check(today=D(2027, 12, 15))["oprettet"] == 1
    assert besoegsfrister()[-1].frist == D(2028, 1, 8)


def test_inactive_unit_cancels_and_gets_none(enhed):
    services.besoegsfrister_check(today=D(2026, 12, 21))
    enhed.godkendelsesstatus = Godkendelsesstatus.OPHOERT
    enhed.ophoert_dato = D(2026, 12, 22)
    enhed.save()
    assert services.besoegsfrister_check(today=D(2026, 12, 23))["annulleret"] == 1
    assert besoegsfrister()[0].status == FristStatus.ANNULLERET
    assert services.besoegsfrister_check(today=D(2027, 3, 1))["oprettet"] == 0
