import datetime as dt

import pytest
from django.urls import reverse

from tests import factories
from tilsyn import selectors
from tilsyn.models import Besoegsstatus, Godkendelsesstatus, Risikokategori

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def test_user_of_syd_sees_none_of_hovedstadens_units(konsulent_syd, tilbud, plejefamilie):
    factories.TilsynsbesoegFactory(enhed=tilbud)
    assert not selectors.enheder_for(konsulent_syd).exists()
    assert not selectors.tilbud_list(konsulent_syd, {}).exists()
    assert not selectors.plejefamilie_list(konsulent_syd, {}).exists()
    assert not selectors.besoeg_for(konsulent_syd).exists()
    assert list(selectors.search(konsulent_syd, "Æblehaven")) == []


def test_user_of_hovedstaden_finds_own_units(konsulent_hovedstaden, tilbud, plejefamilie):
    assert list(selectors.search(konsulent_hovedstaden, "æblehaven")) == [tilbud.enhed_ptr]
    assert list(selectors.search(konsulent_hovedstaden, "Søren Østergård")) == [plejefamilie.enhed_ptr]
    assert list(selectors.tilbud_list(konsulent_hovedstaden, {"q": "Ågården"})) == [tilbud]


def test_user_without_socialtilsyn_sees_nothing(tilbud):
    admin = factories.UserFactory(socialtilsyn=None, is_staff=True)
    assert not selectors.enheder_for(admin).exists()


@pytest.mark.parametrize("url_name", ["tilbud_detail", "tilbud_edit"])
def test_other_socialtilsyn_gets_404_by_url(client, konsulent_syd, tilbud, url_name):
    client.force_login(konsulent_syd)
    assert client.get(reverse(url_name, args=[tilbud.pk])).status_code == 404


def test_other_socialtilsyn_gets_404_on_visit_pages(client, konsulent_syd, tilbud):
    besoeg = factories.TilsynsbesoegFactory(enhed=tilbud)
    client.force_login(konsulent_syd)
    assert client.get(reverse("besoeg_detail", args=[besoeg.pk])).status_code == 404
    assert client.get(reverse("besoeg_create", args=[tilbud.pk])).status_code == 404
    assert client.get(reverse("plejefamilie_detail", args=[tilbud.pk])).status_code == 404


def test_filters_type_status_kommune_and_risk(konsulent_hovedstaden):
    from tilsyn.models import Kommune, Tilbudstype

    boern = factories.TilbudFactory(navn="Ungehuset", tilbudstyper=[Tilbudstype.objects.get(kode="BL_43_6")])
    voksne = factories.TilbudFactory(navn="Bostedet", risikokategori=Risikokategori.ROED)
    ansoegt = factories.TilbudFactory(navn="Nyt sted", godkendelsesstatus=Godkendelsesstatus.ANSOEGT, godkendt_dato=None,
                                      kommune=Kommune.objects.get(navn="Gentofte"))
    user = konsulent_hovedstaden
    assert list(selectors.tilbud_list(user, {"type": "BL_43_6"})) == [boern]
    assert list(selectors.tilbud_list(user, {"risiko": "roed"})) == [voksne]
    assert set(selectors.tilbud_list(user, {"risiko": "ingen"})) == {boern, ansoegt}
    assert list(selectors.tilbud_list(user, {"status": "ansoegt"})) == [ansoegt]
    assert list(selectors.tilbud_list(user, {"kommune": ansoegt.kommune_id})) == [ansoegt]
    assert [t.navn for t in selectors.tilbud_list(user, {"sort": "-navn"})] == ["Ungehuset", "Nyt sted", "Bostedet"]


def _visit(enhed, dato, status=Besoegsstatus.GENNEMFOERT):
    return factories.TilsynsbesoegFactory(enhed=enhed, dato=dato, status=status)


def test_visit_interval_default_twelve_months(konsulent_hovedstaden):
    overdue = factories.TilbudFactory(navn="A")
    _visit(overdue, TODAY - dt.timedelta(days=400))
    due_soon = factories.TilbudFactory(navn="B")
    _visit(due_soon, dt.date(2025, 12, 10))
    fine = factories.TilbudFactory(navn="C")
    _visit(fine, dt.date(2026, 9, 1))
    _visit(fine, dt.date(2025, 1, 1))
    planned_only = factories.TilbudFactory(navn="D", godkendt_dato=dt.date(2024, 1, 1))
    _visit(planned_only, TODAY + dt.timedelta(days=5), status=Besoegsstatus.PLANLAGT)
    ophoert = factories.TilbudFactory(navn="E", godkendelsesstatus=Godkendelsesstatus.OPHOERT)

    oversigt = selectors.besoegsoverblik(konsulent_hovedstaden, today=TODAY)
    assert [e.navn for e in oversigt.overskredet] == ["D", "A"]  # planned visits do not count as done
    assert [e.navn for e in oversigt.forfalder] == ["B"]
    assert oversigt.forfalder[0].naeste_besoeg == dt.date(2026, 12, 10)
    assert ophoert.pk not in {e.pk for e in oversigt.overskredet}


def test_visit_interval_follows_risk_colour_and_configuration(konsulent_hovedstaden):
    roed = factories.TilbudFactory(navn="Rød", risikokategori=Risikokategori.ROED)
    _visit(roed, dt.date(2026, 7, 1))
    gul = factories.TilbudFactory(navn="Gul", risikokategori=Risikokategori.GUL)
    _visit(gul, dt.date(2026, 7, 1))
    groen = factories.TilbudFactory(navn="Grøn", risikokategori=Risikokategori.GROEN)
    _visit(groen, dt.date(2026, 7, 1))
    ind = selectors.indstillinger_for(konsulent_hovedstaden.socialtilsyn_id)
    rows = {e.navn: e for e in selectors.with_besoegsstatus(selectors.enheder_for(konsulent_hovedstaden), ind)}
    assert rows["Rød"].naeste_besoeg == dt.date(2026, 10, 1)
    assert rows["Gul"].naeste_besoeg == dt.date(2027, 1, 1)
    assert rows["Grøn"].naeste_besoeg == dt.date(2027, 7, 1)
    ind.besoegsinterval_roed = 2
    ind.save()
    rows = {e.navn: e for e in selectors.with_besoegsstatus(selectors.enheder_for(konsulent_hovedstaden), ind)}
    assert rows["Rød"].naeste_besoeg == dt.date(2026, 9, 1)
    assert rows["Rød"].besoegsinterval == 2
