"""The journal outbox: an entry per sent document in the document's transaction, delivered to the ESDH by
the sweep (HTTP or drop folder) until acknowledged, exactly once per document."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import xml.etree.ElementTree as ET

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dokumenter import services as dok_services
from dokumenter.pdf import render_pdf
from journal import services
from journal.models import Journalpost, JournalStatus, Kanal
from tests import factories

from .receiver import Receiver

PDF = None


def pdf_bytes() -> bytes:
    global PDF
    if PDF is None:
        PDF = render_pdf("dokumenter/test_letter.html", {"enhed": {"navn": "Bostedet Æblehaven"}})
    return PDF


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.JOURNAL_MAPPE = tmp_path / "journal"
    settings.JOURNAL_RETRY_BASE_SECONDS = 60
    return tmp_path


def brev(actor, enhed, *, sendt=dt.date(2026, 11, 20), titel="Påbud til Bostedet Æblehaven", art="paabud"):
    return dok_services.dokument_create(actor=actor, enhed=enhed, art=art, titel=titel, pdf=pdf_bytes(), sendt=sendt)


pytestmark = pytest.mark.django_db


def test_a_sent_document_gets_its_journal_entry_in_the_same_transaction(media, konsulent_hovedstaden, tilbud):
    dokument = brev(konsulent_hovedstaden, tilbud)
    post = Journalpost.objects.get(dokument=dokument)
    assert (post.titel, post.dokumenttype, post.retning, post.sendt) == (
        "Påbud til Bostedet Æblehaven", "paabud", "udgaaende", dt.date(2026, 11, 20))
    assert post.sha256 == hashlib.sha256(pdf_bytes()).hexdigest() == dokument.sha256
    assert (post.part_navn, post.part_cvr, post.socialtilsyn_id) == ("Bostedet Æblehaven", "12345678",
                                                                      tilbud.socialtilsyn_id)
    assert post.status == JournalStatus.AFVENTER and post.status_tekst == "afventer journalisering"
    # Rolled back with the document: no entry without its document.
    with pytest.raises(RuntimeError), transaction.atomic():
        brev(konsulent_hovedstaden, tilbud, titel="Ruller tilbage")
        raise RuntimeError
    assert Journalpost.objects.count() == 1


def test_an_unsent_document_is_journalised_when_it_is_marked_sent(media, konsulent_hovedstaden, tilbud):
    dokument = brev(konsulent_hovedstaden, tilbud, sendt=None, art="tilsynsrapport", titel="Tilsynsrapport 2026")
    assert not Journalpost.objects.exists()
    dok_services.dokument_mark_sent(actor=konsulent_hovedstaden, dokument=dokument, sendt=dt.date(2026, 11, 25))
    post = Journalpost.objects.get()
    assert post.dokument == dokument and post.sendt == dt.date(2026, 11, 25) and post.dokumenttype == "tilsynsrapport"


def test_the_sagsnummer_is_read_when_the_document_has_one(media, konsulent_hovedstaden, tilbud):
    dokument = brev(konsulent_hovedstaden, tilbud, sendt=None)
    dokument.sendt = dt.date(2026, 11, 20)
    dokument.sagsnummer = "27.12.08-G01-12-26"  # the letters work adds the field; read when present
    assert services.journalpost_create(dokument=dokument).sagsnummer == "27.12.08-G01-12-26"
    assert services.metadata(Journalpost.objects.get())["sagsnummer"] == "27.12.08-G01-12-26"


def test_drop_folder_gets_the_pdf_and_fesd_style_xml_once(media, settings, konsulent_hovedstaden, tilbud):
    settings.JOURNAL_MODE = "mappe"
    post = Journalpost.objects.get(dokument=brev(konsulent_hovedstaden, tilbud))
    assert services.journal_sweep().journaliseret == [post.pk]
    folder = media / "journal" / "hovedstaden"
    assert sorted(p.name for p in folder.iterdir()) == [f"{post.uuid}.pdf", f"{post.uuid}.xml"]
    assert hashlib.sha256((folder / f"{post.uuid}.pdf").read_bytes()).hexdigest() == post.sha256
    root = ET.fromstring((folder / f"{post.uuid}.xml").read_bytes())
    ns = {"j": "urn:tilsyn:journal:1"}
    assert root.find("j:Dokument/j:Titel", ns).text == "Påbud til Bostedet Æblehaven"
    assert root.find("j:Dokument/j:Afsendelsesdato", ns).text == "2026-11-20"
    assert root.find("j:Dokument/j:Variant/j:Fil/j:SHA256", ns).text == post.sha256
    assert root.find("j:Part/j:CVR", ns).text == "12345678"
    post.refresh_from_db()
    assert post.status == JournalStatus.JOURNALISERET and post.kanal == Kanal.MAPPE
    assert post.kvittering == f"hovedstaden/{post.uuid}.xml"
    t = timezone.localtime(post.journaliseret)
    assert post.status_tekst == f"journaliseret {t:%d.%m.%Y} kl. {t:%H.%M}"
    assert services.journal_sweep().journaliseret == []
    settings.JOURNAL_MAPPE_FORMAT = "json"
    post2 = Journalpost.objects.get(dokument=brev(konsulent_hovedstaden, tilbud, titel="Skærpet tilsyn"))
    services.journal_sweep()
    data = json.loads((folder / f"{post2.uuid}.json").read_text())
    assert data["titel"] == "Skærpet tilsyn" and data["fil"]["navn"] == f"{post2.uuid}.pdf"


def test_http_delivery_retries_with_backoff_until_acknowledged(media, settings, konsulent_hovedstaden, tilbud):
    settings.JOURNAL_MODE = "http"
    settings.JOURNAL_TOKEN = "hemmelig"
    post = Journalpost.objects.get(dokument=brev(konsulent_hovedstaden, tilbud))
    with Receiver(fail_first=2) as esdh:
        settings.JOURNAL_URL = esdh.url
        assert services.journal_sweep().fejlet == [post.pk]
        post.refresh_from_db()
        assert post.forsoeg == 1 and post.sidste_fejl.startswith("ESDH svarede 503")
        assert 55 <= (post.naeste_forsoeg - timezone.now()).total_seconds() <= 60
        assert services.journal_sweep().fejlet == []  # not due yet
        Journalpost.objects.update(naeste_forsoeg=timezone.now())
        services.journal_sweep()
        post.refresh_from_db()
        assert post.forsoeg == 2 and 115 <= (post.naeste_forsoeg - timezone.now()).total_seconds() <= 120
        Journalpost.objects.update(naeste_forsoeg=timezone.now())
        assert services.journal_sweep().journaliseret == [post.pk]
    post.refresh_from_db()
    assert post.status == JournalStatus.JOURNALISERET and post.forsoeg == 3 and post.kvittering == "J-2026-00001"
    assert [r.status for r in esdh.requests] == [503, 503, 201]
    assert {r.key for r in esdh.requests} == {str(post.uuid)}
    (stored,) = esdh.stored.values()
    assert hashlib.sha256(stored.pdf).hexdigest() == post.sha256
    assert stored.metadata["titel"] == "Påbud til Bostedet Æblehaven" and stored.metadata["retning"] == "udgaaende"


def test_a_crash_after_the_receiver_got_it_is_resent_with_the_same_key_and_kept_once(
        media, settings, monkeypatch, konsulent_hovedstaden, tilbud):
    settings.JOURNAL_MODE = "http"
    post = Journalpost.objects.get(dokument=brev(konsulent_hovedstaden, tilbud))
    real = services.KANALER[Kanal.HTTP]

    def send_then_crash(p):
        real(p)
        raise SystemExit("worker killed after the POST, before the commit")

    with Receiver() as esdh:
        settings.JOURNAL_URL = esdh.url
        monkeypatch.setitem(services.KANALER, Kanal.HTTP, send_then_crash)
        with pytest.raises(SystemExit):
            services.journal_sweep()
        post.refresh_from_db()
        assert post.status == JournalStatus.AFVENTER and post.forsoeg == 0  # rolled back with the crash
        monkeypatch.setitem(services.KANALER, Kanal.HTTP, real)
        services.journal_sweep()
    post.refresh_from_db()
    assert post.status == JournalStatus.JOURNALISERET
    assert [(r.key, r.status) for r in esdh.requests] == [(str(post.uuid), 201), (str(post.uuid), 200)]
    assert list(esdh.stored) == [str(post.uuid)]


def test_backoff_doubles_up_to_the_maximum(settings):
    settings.JOURNAL_RETRY_BASE_SECONDS = 30
    settings.JOURNAL_RETRY_MAX_SECONDS = 3600
    now = timezone.now()
    assert [(services.naeste_forsoeg(n, now) - now).total_seconds() for n in (1, 2, 3, 4, 10)] == [
        30, 60, 120, 240, 3600]


def test_nothing_is_delivered_while_no_channel_is_configured(media, settings, konsulent_hovedstaden, tilbud):
    settings.JOURNAL_MODE = ""
    brev(konsulent_hovedstaden, tilbud)
    assert services.journal_sweep().journaliseret == []
    assert Journalpost.objects.get().forsoeg == 0


def test_the_journal_status_shows_on_the_units_documents(media, settings, client_konsulent, konsulent_hovedstaden,
                                                         tilbud):
    settings.JOURNAL_MODE = "mappe"
    brev(konsulent_hovedstaden, tilbud)
    brev(konsulent_hovedstaden, tilbud, titel="Skærpet tilsyn", art="skaerpet_tilsyn")
    url = reverse("tilbud_tab", args=[tilbud.pk, "dokumenter"])
    assert client_konsulent.get(url).content.decode().count("afventer journalisering") == 2
    services.journal_sweep(limit=1)
    post = Journalpost.objects.get(status=JournalStatus.JOURNALISERET)
    t = timezone.localtime(post.journaliseret)
    html = client_konsulent.get(url).content.decode()
    assert f"journaliseret {t:%d.%m.%Y} kl. {t:%H.%M}" in html and html.count("afventer journalisering") == 1


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_document_once(reference_data, media, settings):
    settings.JOURNAL_MODE = "http"
    konsulent = factories.konsulent("hovedstaden")
    tilbud = factories.TilbudFactory()
    for i in range(3):
        brev(konsulent, tilbud, titel=f"Brev {i}")
    with Receiver(delay=0.3) as esdh:
        settings.JOURNAL_URL = esdh.url
        results = []

        def sweep():
            results.append(services.journal_sweep())
            from django.db import connection

            connection.close()

        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(esdh.requests) == 3 and len(esdh.stored) == 3
    assert sorted(pk for r in results for pk in r.journaliseret) == sorted(Journalpost.objects.values_list("pk", flat=True))
    assert all(r.journaliseret for r in results)  # both sweeps worked, on different rows
