import datetime as dt
import hashlib
from pathlib import Path

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from pypdf import PdfReader

from dokumenter.models import Dokument, DokumentArt, ImmutableError
from dokumenter.pdf import FetchRefused, StaticOnlyFetcher, render_pdf
from dokumenter.services import dokument_create, dokument_mark_sent
from tilsyn.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf_bytes(tilbud):
    return render_pdf("dokumenter/test_letter.html", {"socialtilsyn": tilbud.socialtilsyn, "enhed": tilbud})


def test_render_pdf_has_danish_text_and_page_numbers(pdf_bytes, tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf_bytes)
    text = PdfReader(path).pages[0].extract_text()
    assert "Bostedet Æblehaven" in text
    assert "Side 1 af 1" in text
    assert "Socialtilsyn Hovedstaden" in text


def test_fetcher_refuses_network_and_files_outside_static():
    with pytest.raises(FetchRefused):
        StaticOnlyFetcher().fetch("https://example.org/x.png")
    with pytest.raises(FetchRefused):
        StaticOnlyFetcher().fetch("file:///etc/passwd")


def test_dokument_is_stored_with_sha256_and_never_changes(pdf_bytes, tilbud, konsulent_hovedstaden, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dokument = dokument_create(actor=konsulent_hovedstaden, enhed=tilbud, art=DokumentArt.ANDET, titel="Brev", pdf=pdf_bytes)
    assert dokument.sha256 == hashlib.sha256(pdf_bytes).hexdigest()
    with pytest.raises(ImmutableError):
        dokument.titel = "Ændret"
        dokument.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        Dokument.objects.filter(pk=dokument.pk).update(titel="Ændret via SQL")
    with pytest.raises(DatabaseError), transaction.atomic():
        Dokument.objects.filter(pk=dokument.pk).delete()
    dokument_mark_sent(actor=konsulent_hovedstaden, dokument=dokument, sendt=dt.date(2026, 11, 23))
    with pytest.raises(DomainError, match="allerede sendt"):
        dokument_mark_sent(actor=konsulent_hovedstaden, dokument=dokument, sendt=dt.date(2026, 11, 24))
    dokument.refresh_from_db()
    assert dokument.sendt == dt.date(2026, 11, 23)


def test_download_serves_stored_bytes_scoped(client, pdf_bytes, tilbud, konsulent_hovedstaden, konsulent_syd, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dokument = dokument_create(actor=konsulent_hovedstaden, enhed=tilbud, art=DokumentArt.ANDET, titel="Brev", pdf=pdf_bytes)
    client.force_login(konsulent_hovedstaden)
    response = client.get(dokument.get_absolute_url())
    assert response.status_code == 200
    assert response.content == pdf_bytes
    assert response["Content-Type"] == "application/pdf"
    tab = client.get(reverse("tilbud_tab", args=[tilbud.pk, "dokumenter"]))
    assert "Brev" in tab.content.decode()
    client.force_login(konsulent_syd)
    assert client.get(dokument.get_absolute_url()).status_code == 404


def test_non_pdf_refused(tilbud, konsulent_hovedstaden):
    with pytest.raises(DomainError):
        dokument_create(actor=konsulent_hovedstaden, enhed=tilbud, art=DokumentArt.ANDET, titel="x", pdf=b"<html>")
    assert Dokument.objects.count() == 0


def test_download_of_a_changed_file_is_refused_in_danish(client, pdf_bytes, tilbud, konsulent_hovedstaden, settings,
                                                          tmp_path):
    """Sent is sent: if the stored bytes no longer match their sha256, the letter is not served."""
    settings.MEDIA_ROOT = tmp_path
    dokument = dokument_create(actor=konsulent_hovedstaden, enhed=tilbud, art=DokumentArt.ANDET, titel="Brev", pdf=pdf_bytes)
    with open(dokument.fil.path, "ab") as fh:
        fh.write(b"% tampered")
    client.force_login(konsulent_hovedstaden)
    response = client.get(dokument.get_absolute_url())
    assert response.status_code == 500
    assert "stemmer ikke med den gemte kontrolsum" in response.content.decode()
    Path(dokument.fil.path).unlink()
    assert "findes ikke længere" in client.get(dokument.get_absolute_url()).content.decode()
