"""Browser test: a consultant scores a tilbud's quality assessment, completes it, sees the spider
chart and downloads the tilsynsrapport PDF (text checked with pypdf, æøå intact)."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from kvalitetsmodel.loader import load_file
from kvalitetsmodel.models import Kvalitetsvurdering
from tests import factories
from tests.kvalitetsmodel.factories import fill

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(autouse=True)
def _models_and_media(reference_data, settings, tmp_path):
    """Transactional tests flush the migration-loaded quality models: load them again from the file."""
    load_file()
    settings.MEDIA_ROOT = tmp_path


def _serious_violations(page):
    page.evaluate(AXE.read_text())  # a <script> tag would be refused by the CSP (no inline script)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
    )
    return [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_consultant_scores_completes_sees_spider_and_downloads_report(login, live_server):
    konsulent = factories.konsulent("hovedstaden", username="k-kvalitet")
    tilbud = factories.TilbudFactory(navn="Bostedet Æblehaven", ansvarlig_konsulent=konsulent)
    factories.TilsynsbesoegFactory(enhed=tilbud, oprettet_af=konsulent)
    page = login(konsulent)

    # Start from the unit page.
    page.goto(f"{live_server.url}/tilbud/{tilbud.pk}/")
    page.get_by_role("link", name="Start kvalitetsvurdering").first.click()
    page.get_by_role("button", name="Start vurdering").click()
    expect(page.get_by_role("heading", name="Kvalitetsvurdering af Bostedet Æblehaven")).to_be_visible()
    vurdering = Kvalitetsvurdering.objects.get(enhed=tilbud)

    # Most of the ~30 indicators are filled in the database; the browser scores the two left.
    fill(vurdering, 4, leave_out=("Indikator 11a", "Indikator 11b"))
    page.reload()
    expect(page.locator("#mangler")).to_contain_text("Indikator 11a")
    assert _serious_violations(page) == []

    for label, score in (("11a", "2 – I lav grad opfyldt"), ("11b", "3 – I middel grad opfyldt")):
        row = page.locator("form.kv-indikator", has=page.get_by_role("heading", name=re.compile(f"Indikator {label}")))
        row.get_by_label(score).check()
        row.get_by_label("Begrundelse").fill(f"Rammerne er slidte ({label}); observeret på besøget.")
        row.get_by_label("Ledelse").check()
        expect(row.locator(".kv-status")).to_contain_text("Gemt")
    # Live computed score: kriterium 11 = mean(2, 3, 4) = 3,00.
    b = vurdering.bedoemmelser.get(indikator__kriterium__nummer=11, indikator__bogstav="b")
    expect(page.locator(f"#kscore-{b.kriterium_id}")).to_have_text("Score 3,00")
    expect(page.locator("#mangler")).to_contain_text("Alt er udfyldt")

    page.get_by_role("button", name="Afslut vurdering").click()
    expect(page.get_by_text("Kvalitetsvurderingen er afsluttet og låst.")).to_be_visible()
    expect(page.locator("svg.tilsyn-spider")).to_be_visible()
    expect(page.get_by_role("table", name="Score pr. tema")).to_contain_text("Fysiske rammer")
    assert _serious_violations(page) == []

    page.get_by_role("button", name="Udarbejd tilsynsrapport (PDF)").click()
    link = page.get_by_role("link", name="Hent tilsynsrapport (PDF)")
    expect(link).to_be_visible()
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Bostedet Æblehaven" in text
    assert "Målgrupper, metoder og resultater" in text and "Sundhed og trivsel" in text
    assert "Rammerne er slidte (11a)" in text
