import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dokumenter.models import Dokument
from kvalitetsmodel import charts, services
from tests.kvalitetsmodel.factories import completed, start
from tilsyn.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_report_is_rendered_once_stored_with_sha256_and_downloaded(media, client_konsulent, konsulent_hovedstaden, tilbud):
    vurdering = completed(konsulent_hovedstaden, tilbud, 4)
    dokument = services.rapport_faerdiggoer(actor=konsulent_hovedstaden, vurdering=vurdering)
    assert dokument.art == "tilsynsrapport" and len(dokument.sha256) == 64 and dokument.enhed_id == tilbud.pk
    again = services.rapport_faerdiggoer(actor=konsulent_hovedstaden, vurdering=vurdering)
    assert again.pk == dokument.pk and Dokument.objects.count() == 1
    vurdering.refresh_from_db()
    assert vurdering.rapport_id == dokument.pk
    resp = client_konsulent.get(reverse("kvalitetsmodel:detail", args=[vurdering.pk]))
    assert "Hent tilsynsrapport (PDF)" in resp.content.decode()
    download = client_konsulent.get(dokument.get_absolute_url())
    data = b"".join(download.streaming_content) if download.streaming else download.content
    text = pdf_text(data)
    assert "Bostedet Æblehaven" in text
    assert "Målgrupper, metoder og resultater" in text and "Fysiske rammer" in text
    assert "Tilsynsrapport" in text and "Samlet vurdering" in text and "Side 1 af" in text
    assert "Indikator 4a" in text and "I høj grad opfyldt" in text
    assert "Driftsorienteret tilsyn" in text


def test_report_needs_a_completed_assessment(media, konsulent_hovedstaden, tilbud):
    draft = start(konsulent_hovedstaden, tilbud)
    with pytest.raises(DomainError, match="afsluttet"):
        services.rapport_faerdiggoer(actor=konsulent_hovedstaden, vurdering=draft)
    assert not Dokument.objects.exists()


def test_spider_chart_is_accessible_svg():
    from decimal import Decimal

    svg = charts.spider_svg(["Sundhed og trivsel", "Kompetencer", "Fysiske rammer <b>"],
                            [Decimal("4.5"), Decimal("2"), None], [Decimal("4"), Decimal("4"), Decimal("3")])
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg
    assert "Sundhed og trivsel: 4,50 (før 4,00)" in svg and "Fysiske rammer &lt;b&gt;" in svg
    assert "<b>" not in svg
    assert charts.spider_svg(["a", "b"], [1, 2]) == ""


def test_stored_report_answers_404_to_another_socialtilsyn(media, client, konsulent_hovedstaden, konsulent_syd, tilbud):
    vurdering = completed(konsulent_hovedstaden, tilbud, 4)
    dokument = services.rapport_faerdiggoer(actor=konsulent_hovedstaden, vurdering=vurdering)
    client.force_login(konsulent_syd)
    assert client.get(dokument.get_absolute_url()).status_code == 404
    assert client.get(reverse("kvalitetsmodel:detail", args=[vurdering.pk])).status_code == 404
    with pytest.raises(DomainError):
        services.rapport_faerdiggoer(actor=konsulent_syd, vurdering=vurdering)


def test_plejefamilie_report_uses_its_own_labels_and_theme_5(media, konsulent_hovedstaden, plejefamilie, client_konsulent):
    vurdering = completed(konsulent_hovedstaden, plejefamilie, 5)
    html = client_konsulent.get(reverse("kvalitetsmodel:udfyld", args=[
        start(konsulent_hovedstaden, plejefamilie).pk])).content.decode()
    assert "Plejefamiliens økonomi som grundlag for en stabil anbringelse" in html
    assert "Er tilbuddet økonomisk bæredygtigt?" not in html
    dokument = services.rapport_faerdiggoer(actor=konsulent_hovedstaden, vurdering=vurdering)
    text = pdf_text(dokument.fil.read())
    assert "Plejefamiliens navn" in text and "Familien Ærø" in text
    assert "Familiestruktur og familiedynamik" in text and "Almen plejefamilie" in text
