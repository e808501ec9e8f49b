"""Frister move only forward and within the bound for dates ahead; a besøgsfrist follows the visit rule;
an absurd date on the working-day helper is a Danish answer, not a 500."""

import datetime as dt

import pytest
from django.urls import reverse

from frister import services
from frister.models import FristAendring, FristArt
from tests import factories
from tilsyn import dates
from tilsyn.errors import DomainError

from .factories import frist as make_frist

D = dt.date
pytestmark = pytest.mark.django_db
TODAY = dates.today()
BOUND = dates.add_years(TODAY, 3)


@pytest.fixture
def frist(konsulent_hovedstaden):
    return make_frist(due=TODAY + dt.timedelta(days=30), responsible=konsulent_hovedstaden, today=TODAY)


def test_a_frist_is_not_shortened(jurist_hovedstaden, frist):
    """The path that "extended" a høringsfrist to an earlier date."""
    with pytest.raises(DomainError) as exc:
        services.frist_extend(frist=frist, new_due=TODAY + dt.timedelta(days=10), reason="Kortere", actor=jurist_hovedstaden)
    assert exc.value.errors == {"ny_frist": [
        f"En frist kan kun forlænges, ikke forkortes: den nye frist skal ligge efter {frist.frist:%d.%m.%Y}."]}
    frist.refresh_from_db()
    assert frist.frist == TODAY + dt.timedelta(days=30) and not FristAendring.objects.exists()


def test_a_frist_is_not_extended_beyond_the_bound(jurist_hovedstaden, frist):
    with pytest.raises(DomainError) as exc:
        services.frist_extend(frist=frist, new_due=D(9999, 12, 31), reason="Langt ude", actor=jurist_hovedstaden)
    assert exc.value.errors == {"ny_frist": [f"Den nye frist kan højst ligge 3 år frem ({BOUND:%d.%m.%Y})."]}
    assert not FristAendring.objects.exists()


def test_forward_extension_within_the_bound_works(jurist_hovedstaden, frist):
    extended = services.frist_extend(frist=frist, new_due=BOUND, reason="Tilbuddet har bedt om mere tid",
                                     actor=jurist_hovedstaden)
    assert extended.frist == BOUND and FristAendring.objects.get().ny_frist == BOUND


def test_extend_form_shows_every_problem_at_once(client, jurist_hovedstaden, frist):
    client.force_login(jurist_hovedstaden)
    r = client.post(reverse("frister:extend", args=[frist.pk]), {"ny_frist": "9999-12-31", "begrundelse": ""})
    assert r.status_code == 400
    errors = r.context["form"].errors
    assert errors["ny_frist"] == [f"Den nye frist kan højst ligge 3 år frem ({BOUND:%d.%m.%Y})."]
    assert errors["begrundelse"] == ["Angiv en begrundelse for forlængelsen."]
    r = client.post(reverse("frister:extend", args=[frist.pk]),
                    {"ny_frist": (TODAY + dt.timedelta(days=5)).isoformat(), "begrundelse": "x"})
    assert r.context["form"].errors["ny_frist"] == [
        f"En frist kan kun forlænges, ikke forkortes: den nye frist skal ligge efter {frist.frist:%d.%m.%Y}."]
    assert not FristAendring.objects.exists()


def test_a_besoegsfrist_is_neither_extended_nor_suspended_by_hand(jurist_hovedstaden):
    enhed = factories.TilbudFactory()
    besoegsfrist = make_frist(enhed=enhed, art=FristArt.BESOEG, due=TODAY + dt.timedelta(days=20), today=TODAY)
    with pytest.raises(DomainError) as exc:
        services.frist_extend(frist=besoegsfrist, new_due=TODAY + dt.timedelta(days=60), reason="Travlt",
                              actor=jurist_hovedstaden)
    assert exc.value.message == services.BESOEGSFRIST_FOELGER_INTERVALLET
    with pytest.raises(DomainError, match="kan ikke forlænges eller suspenderes her"):
        services.frist_suspend(frist=besoegsfrist, reason="Travlt", actor=jurist_hovedstaden)
    besoegsfrist.refresh_from_db()
    assert besoegsfrist.frist == TODAY + dt.timedelta(days=20) and besoegsfrist.suspenderet is None


def test_a_new_frist_has_a_plausible_date(konsulent_hovedstaden):
    enhed = factories.TilbudFactory()
    with pytest.raises(DomainError) as exc:
        services.frist_create(owner=enhed, enhed=enhed, art=FristArt.PAABUD, due=D(9999, 12, 31), responsible=None)
    assert exc.value.errors == {"frist": [f"Fristen kan højst ligge 3 år frem ({BOUND:%d.%m.%Y})."]}


@pytest.mark.parametrize(("value", "message"), [
    ("9999-12-31", f"Den nye frist kan højst ligge 3 år frem ({BOUND:%d.%m.%Y})."),
    ("1900-01-01", "Den nye frist kan ikke ligge før 01.01.2014, da lov om socialtilsyn trådte i kraft."),
    ("31.12.2026", "Angiv en gyldig dato (dd.mm.åååå)."),
])
def test_working_day_helper_answers_absurd_dates_in_danish(client_konsulent, value, message):
    r = client_konsulent.get(reverse("frister:arbejdsdag"), {"ny_frist": value})
    assert r.status_code == 200
    assert message in r.content.decode() and "alert-error" in r.content.decode()
    assert client_konsulent.get(reverse("frister:arbejdsdag"), {"ny_frist": ""}).content == b""
