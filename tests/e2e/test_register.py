"""Foundation journeys in a real browser: find a tilbud, log an unannounced visit, see it and its history."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_consultant_logs_unannounced_visit(login, live_server, konsulent_hovedstaden):
    tilbud = factories.TilbudFactory(navn="Bostedet Kildevang")
    factories.TilbudFactory(navn="Opholdsstedet Ørnereden")
    page = login(konsulent_hovedstaden)

    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Tilbud").click()
    page.get_by_label("Søg i listen").fill("Kildevang")
    page.get_by_role("button", name="Filtrér").click()
    table = page.get_by_test_id("enhed-table")
    expect(table).not_to_contain_text("Ørnereden")
    table.get_by_role("link", name="Bostedet Kildevang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bostedet Kildevang")

    page.get_by_role("link", name="Registrér tilsynsbesøg").click()
    page.get_by_label("Uanmeldt").check()
    page.get_by_label("Besøgsdato").fill("2026-11-20")
    page.get_by_label("Observation").check()
    page.get_by_label("Interview").check()
    page.get_by_label("Borgere/børn").check()
    page.get_by_label("Noter").fill("Uanmeldt besøg ved aftensmad; god stemning, få medarbejdere på vagt.")
    page.get_by_role("button", name="Gem tilsynsbesøg").click()

    expect(page.get_by_role("status")).to_contain_text("Uanmeldt tilsynsbesøg 20.11.2026 er registreret")
    expect(page.get_by_test_id("besoeg-table")).to_contain_text("20.11.2026")
    expect(page.get_by_test_id("besoeg-table")).to_contain_text("Uanmeldt")

    page.get_by_role("link", name="Historik").click()
    historik = page.get_by_test_id("historik")
    expect(historik).to_contain_text("Oprettet: tilsynsbesøg")
    expect(historik).to_contain_text(str(konsulent_hovedstaden))
    assert tilbud.besoeg.count() == 1


def test_form_errors_are_listed_and_nothing_saved(login, live_server, konsulent_hovedstaden):
    tilbud = factories.TilbudFactory(navn="Bostedet Granly")
    page = login(konsulent_hovedstaden)
    page.goto(f"{live_server.url}/enheder/{tilbud.pk}/tilsynsbesoeg/ny/")
    page.get_by_label("Anmeldt", exact=True).check()
    page.get_by_role("button", name="Gem tilsynsbesøg").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Der er fejl i formularen")
    expect(summary).to_contain_text("Angiv hvornår det anmeldte besøg blev varslet.")
    assert tilbud.besoeg.count() == 0


def test_consultant_of_other_socialtilsyn_gets_404(login, live_server, konsulent_syd):
    tilbud = factories.TilbudFactory(navn="Bostedet Hemmelig")
    page = login(konsulent_syd)
    response = page.goto(f"{live_server.url}/tilbud/{tilbud.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Siden findes ikke")
