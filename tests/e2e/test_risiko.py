"""Browser journey for risiko: præ (gul) with an intensity plan, then post (rød) after a completed
quality assessment; the unit shows rød with its history and the overview's counts follow."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _risikofaktorer(reference_data):
    from django.apps import apps

    from risiko.data import load

    load(apps)


def _count(page, kategori):
    return page.locator(f'[data-testid="risiko-counts"] tr[data-kategori="{kategori}"] .antal')


def test_prae_then_post_changes_category_history_and_overview(live_server, login):
    from tests.risiko.factories import kvalitetsvurdering

    konsulent = factories.konsulent("hovedstaden", username="karen")
    tilbud = factories.TilbudFactory(navn="Bostedet Skovbrynet", ansvarlig_konsulent=konsulent)
    factories.TilbudFactory(navn="Bostedet Engbo", risikokategori="groen")
    page = login(konsulent)

    page.get_by_role("link", name="Risiko", exact=True).click()
    expect(page.get_by_role("heading", name="Risikooverblik")).to_be_visible()
    expect(_count(page, "gul")).to_have_text("0")
    expect(_count(page, "groen")).to_have_text("1")

    page.goto(f"{live_server.url}{tilbud.get_absolute_url()}")
    page.get_by_role("link", name="Vurdér risiko").click()
    expect(page.get_by_role("heading", name="Vurdér risiko")).to_be_visible()
    page.locator("input[name=kategori][value=gul]").check()
    page.get_by_label("Ledelsesskifte").check()
    page.locator("input[name=niveau_hyppighed][value=hoej]").check()
    page.locator("#id_note_hyppighed").fill("Uanmeldt besøg hver anden måned")
    page.get_by_role("button", name="Gem risikovurdering").click()
    # begrundelse is required: error summary, nothing saved
    expect(page.get_by_role("alert")).to_contain_text("Skriv en begrundelse for risikokategorien.")
    page.get_by_label("Begrundelse").fill("Ny leder og høj personalegennemstrømning.")
    page.get_by_role("button", name="Gem risikovurdering").click()

    expect(page).to_have_url(re.compile(r"/tilbud/\d+/risiko/$"))
    expect(page.get_by_text("Præ-vurderingen er gemt.")).to_be_visible()
    expect(page.locator(".tilsyn-lead .risiko-badge")).to_have_text("Gul")
    page.get_by_role("link", name="Se vurderingen og tilsynsintensiteten").click()
    expect(page.get_by_test_id("intensitetsplan")).to_contain_text("Uanmeldt besøg hver anden måned")

    kvalitetsvurdering(tilbud)  # the quality assessment is completed
    page.goto(f"{live_server.url}/tilbud/{tilbud.pk}/risiko/")
    page.get_by_role("link", name="Ny post-vurdering").click()
    page.locator("input[name=kategori][value=roed]").check()
    page.get_by_label("Begrundelse").fill("Kvalitetsvurderingen viser alvorlige mangler i Sundhed og trivsel.")
    page.get_by_role("button", name="Gem risikovurdering").click()
    expect(page.get_by_role("alert")).to_contain_text("En post-vurdering kræver en afsluttet kvalitetsvurdering")
    page.get_by_label("Kvalitetsvurdering (ved post-vurdering)").select_option(index=1)
    page.get_by_role("button", name="Gem risikovurdering").click()

    expect(page.locator(".tilsyn-lead .risiko-badge")).to_have_text("Rød")
    historik = page.get_by_test_id("risiko-historik")
    expect(historik).to_contain_text("Post-vurdering")
    expect(historik).to_contain_text("Ændret fra gul til rød")
    expect(historik).to_contain_text("Præ-vurdering")
    expect(page.get_by_test_id("risiko-graf")).to_be_visible()

    page.get_by_role("link", name="Risiko", exact=True).first.click()
    expect(_count(page, "roed")).to_have_text("1")
    expect(_count(page, "gul")).to_have_text("0")
    expect(page.get_by_test_id("risiko-liste")).to_contain_text("Bostedet Skovbrynet")
