"""Approval status in the browser: the konsulent's stamdata form has no approval-status field, and the
unit page says which decision ended an approval and when."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from dokumenter.models import DokumentArt
from dokumenter.services import dokument_create
from tests import factories
from tilsyn import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_stamdata_form_has_no_approval_status_field(login, live_server, konsulent_hovedstaden):
    tilbud = factories.TilbudFactory(navn="Bostedet Kildevang")
    page = login(konsulent_hovedstaden)
    page.goto(f"{live_server.url}{tilbud.get_absolute_url()}")
    page.get_by_role("link", name="Redigér stamdata").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Redigér Bostedet Kildevang")
    expect(page.get_by_label("Ansøgt den")).to_be_visible()
    expect(page.get_by_text("Godkendelsesstatus")).to_have_count(0)
    expect(page.get_by_label("Godkendt den")).to_have_count(0)
    expect(page.get_by_role("radio", name="Ophørt")).to_have_count(0)
    # Registering a new unit is where its status is given (the test would pass on an empty page otherwise).
    page.goto(f"{live_server.url}/tilbud/ny/")
    expect(page.get_by_role("radio", name="Godkendt med vilkår")).to_be_visible()
    expect(page.get_by_role("radio", name="Ophørt")).to_have_count(0)


def test_unit_page_shows_the_decision_that_ended_the_approval(login, live_server, konsulent_hovedstaden, settings,
                                                               tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tilbud = factories.TilbudFactory(navn="Bostedet Granly")
    afgoerelse = dokument_create(actor=konsulent_hovedstaden, enhed=tilbud, art=DokumentArt.AFGOERELSE,
                                 titel="Afgørelse om ophør af godkendelse", pdf=b"%PDF-1.4 afgoerelse")
    services.godkendelse_aendr(actor=konsulent_hovedstaden, enhed=tilbud, status="ophoert",
                               dato=dt.date(2026, 3, 12), grundlag="Påbuddet er ikke efterkommet.",
                               afgoerelse=afgoerelse)
    page = login(konsulent_hovedstaden)
    page.goto(f"{live_server.url}{tilbud.get_absolute_url()}")
    linje = page.get_by_test_id("godkendelse")
    expect(linje).to_have_text("Ophørt ved afgørelse af 12.03.2026")
    expect(linje.get_by_role("link", name="afgørelse af 12.03.2026")).to_have_attribute(
        "href", afgoerelse.get_absolute_url())
    expect(page.get_by_text("Næste besøg senest")).to_be_visible()
    expect(page.locator(".tilsyn-dl")).to_contain_text("Ikke under driftsorienteret tilsyn")
