"""Writing journal entries (inside the document's transaction) and delivering them (the sweep).

Configuration (settings, from the environment): JOURNAL_MODE "http" posts each entry to JOURNAL_URL as
multipart/form-data (part ``metadata``: the entry as JSON; part ``dokument``: the PDF) with the entry's
uuid as ``Idempotency-Key`` and ``Authorization: Bearer JOURNAL_TOKEN`` if set; any 2xx acknowledges it
(a JSON body's ``journalnummer`` is kept as the receipt). JOURNAL_MODE "mappe" writes the PDF and an
FESD-style metadata file (``JOURNAL_MAPPE_FORMAT`` xml or json) to JOURNAL_MAPPE/<socialtilsyn>/.
Anything else leaves the entries waiting. A failed attempt is retried with exponential backoff
(JOURNAL_RETRY_BASE_SECONDS doubling up to JOURNAL_RETRY_MAX_SECONDS) until acknowledged."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dokumenter.models import Dokument

from .models import Journalpost, JournalStatus, Kanal, Retning

logger = logging.getLogger(__name__)


def sagsnummer_for(dokument: Dokument) -> str:
    """The ESDH case number, once the letters work gives documents or their case one (a ``sagsnummer``
    on the document, its owner or the owner's forløb); empty until then."""
    owner = dokument.owner if dokument.owner_ct_id else None
    for obj in (dokument, owner, getattr(owner, "forloeb", None)):
        value = getattr(obj, "sagsnummer", None) if obj is not None else None
        if value:
            return str(value)[:100]
    return ""


def journalpost_create(*, dokument: Dokument) -> Journalpost | None:
    """The journal entry of a sent document, in the caller's transaction (dokumenter.services calls this
    when a document gets its send date). Once per document; None for an unsent document."""
    if dokument.sendt is None:
        return None
    enhed = dokument.enhed
    cvr = getattr(getattr(enhed, "tilbud", None), "driftsherre_cvr", "") if enhed.art == "tilbud" else ""
    post, _ = Journalpost.objects.get_or_create(dokument=dokument, defaults={
        "socialtilsyn_id": enhed.socialtilsyn_id, "sagsnummer": sagsnummer_for(dokument), "titel": dokument.titel,
        "dokumenttype": dokument.art, "retning": Retning.UDGAAENDE, "sendt": dokument.sendt,
        "sha256": dokument.sha256, "stoerrelse": dokument.stoerrelse, "part_navn": enhed.navn[:200],
        "part_cvr": cvr or "",
    })
    return post


# --- The entry as the ESDH receives it -------------------------------------------------------------------

def filnavn(post: Journalpost) -> str:
    return f"{post.uuid}.pdf"


def metadata(post: Journalpost) -> dict:
    dokument = post.dokument
    return {
        "id": str(post.uuid),
        "sagsnummer": post.sagsnummer or None,
        "titel": post.titel,
        "dokumenttype": post.dokumenttype,
        "dokumenttype_tekst": dokument.get_art_display(),
        "retning": post.retning,
        "sendt": post.sendt.isoformat(),
        "afsender": {"navn": post.socialtilsyn.navn, "myndighed": post.socialtilsyn.vaertskommune},
        "part": {"navn": post.part_navn, "cvr": post.part_cvr or None},
        "fil": {"navn": filnavn(post), "mimetype": "application/pdf", "sha256": post.sha256,
                "stoerrelse": post.stoerrelse},
        "tilsyn": {"dokument_id": dokument.pk, "enhed_id": dokument.enhed_id},
    }


def fesd_xml(post: Journalpost) -> bytes:
    """The entry as FESD-style XML (Sag, Dokument with Variant/Fil, Part): close to what F2, SBSYS and
    Acadre import through their FESD adapters. Not a validated FESD schema instance."""
    data = metadata(post)
    root = ET.Element("Journalpost", {"xmlns": "urn:tilsyn:journal:1", "id": data["id"]})
    sag = ET.SubElement(root, "Sag")
    ET.SubElement(sag, "Sagsnummer").text = data["sagsnummer"] or ""
    dok = ET.SubElement(root, "Dokument")
    for tag, value in (("Titel", data["titel"]), ("Dokumenttype", data["dokumenttype_tekst"]),
                       ("Retning", Retning(post.retning).label), ("Afsendelsesdato", data["sendt"])):
        ET.SubElement(dok, tag).text = value
    variant = ET.SubElement(ET.SubElement(dok, "Variant", {"type": "Produktion"}), "Fil")
    for tag, value in (("Filnavn", data["fil"]["navn"]), ("Mimetype", "application/pdf"),
                       ("SHA256", data["fil"]["sha256"]), ("Stoerrelse", str(data["fil"]["stoerrelse"]))):
        ET.SubElement(variant, tag).text = value
    afsender = ET.SubElement(root, "Afsender")
    ET.SubElement(afsender, "Navn").text = data["afsender"]["navn"]
    ET.SubElement(afsender, "Myndighed").text = data["afsender"]["myndighed"]
    part = ET.SubElement(root, "Part", {"rolle": "Modtager"})
    ET.SubElement(part, "Navn").text = data["part"]["navn"]
    ET.SubElement(part, "CVR").text = data["part"]["cvr"] or ""
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --- Delivery ------------------------------------------------------------------------------------------------

class LeveringFejlede(Exception):
    pass


def _pdf(post: Journalpost) -> bytes:
    from dokumenter.services import dokument_bytes
    from tilsyn.errors import DomainError

    try:
        return dokument_bytes(post.dokument)
    except DomainError as exc:
        raise LeveringFejlede(exc.message) from exc


def _send_http(post: Journalpost) -> str:
    url = settings.JOURNAL_URL
    if not url:
        raise LeveringFejlede("JOURNAL_URL er ikke sat.")
    headers = {"Idempotency-Key": str(post.uuid)}
    if settings.JOURNAL_TOKEN:
        headers["Authorization"] = f"Bearer {settings.JOURNAL_TOKEN}"
    files = {
        "metadata": ("journalpost.json", json.dumps(metadata(post), ensure_ascii=False).encode(), "application/json"),
        "dokument": (filnavn(post), _pdf(post), "application/pdf"),
    }
    try:
        response = requests.post(url, files=files, headers=headers, timeout=settings.JOURNAL_TIMEOUT)
    except requests.RequestException as exc:
        raise LeveringFejlede(f"ESDH kunne ikke nås: {exc.__class__.__name__}") from exc
    if not 200 <= response.status_code < 300:
        raise LeveringFejlede(f"ESDH svarede {response.status_code}: {response.text[:200]}")
    try:
        kvittering = response.json().get("journalnummer") or ""
    except (ValueError, AttributeError):
        kvittering = ""
    return str(kvittering)[:300] or f"HTTP {response.status_code}"


def _write_atomically(path: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(fh.name, path)


def _send_mappe(post: Journalpost) -> str:
    folder = Path(settings.JOURNAL_MAPPE) / post.socialtilsyn.slug
    folder.mkdir(parents=True, exist_ok=True)
    # The PDF first, the metadata last: a watcher that picks up metadata files finds the PDF complete.
    _write_atomically(folder / filnavn(post), _pdf(post))
    if settings.JOURNAL_MAPPE_FORMAT == "json":
        name = f"{post.uuid}.json"
        _write_atomically(folder / name, json.dumps(metadata(post), ensure_ascii=False, indent=2).encode())
    else:
        name = f"{post.uuid}.xml"
        _write_atomically(folder / name, fesd_xml(post))
    return f"{post.socialtilsyn.slug}/{name}"


KANALER = {Kanal.HTTP: _send_http, Kanal.MAPPE: _send_mappe}


def naeste_forsoeg(forsoeg: int, now: dt.datetime) -> dt.datetime:
    """Exponential backoff: base, 2×base, 4×base ... up to the maximum."""
    delay = min(settings.JOURNAL_RETRY_BASE_SECONDS * 2 ** max(forsoeg - 1, 0), settings.JOURNAL_RETRY_MAX_SECONDS)
    return now + dt.timedelta(seconds=delay)


@dataclass
class SweepResult:
    journaliseret: list[int] = field(default_factory=list)
    fejlet: list[int] = field(default_factory=list)


def journal_sweep(*, limit: int = 200) -> SweepResult:
    """Deliver every due entry once. Each entry is claimed under a row lock (SKIP LOCKED) and marked in the
    same transaction as its attempt, so overlapping sweeps or a crash never deliver it twice from here."""
    result = SweepResult()
    kanal = settings.JOURNAL_MODE
    send = KANALER.get(kanal)
    if send is None:
        return result
    while len(result.journaliseret) + len(result.fejlet) < limit:
        with transaction.atomic():
            post = (Journalpost.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("dokument__enhed", "socialtilsyn")
                    .filter(status=JournalStatus.AFVENTER, naeste_forsoeg__lte=timezone.now())
                    .order_by("naeste_forsoeg", "pk").first())
            if post is None:
                break
            post.forsoeg += 1
            try:
                kvittering = send(post)
            except LeveringFejlede as exc:
                post.sidste_fejl = str(exc)[:2000]
                post.naeste_forsoeg = naeste_forsoeg(post.forsoeg, timezone.now())
                post.save(update_fields=["forsoeg", "sidste_fejl", "naeste_forsoeg"])
                logger.warning("Journalisering af %s mislykkedes (forsøg %s): %s", post.uuid, post.forsoeg, exc)
                result.fejlet.append(post.pk)
                continue
            post.status = JournalStatus.JOURNALISERET
            post.journaliseret = timezone.now()
            post.kanal = kanal
            post.kvittering = kvittering
            post.sidste_fejl = ""
            post.save(update_fields=["forsoeg", "status", "journaliseret", "kanal", "kvittering", "sidste_fejl"])
            result.journaliseret.append(post.pk)
    return result


def journalpost_retry_now(*, posts) -> int:
    """Admin: try the waiting entries again at the next sweep (after the ESDH is fixed)."""
    return Journalpost.objects.filter(pk__in=[p.pk for p in posts], status=JournalStatus.AFVENTER).update(
        naeste_forsoeg=timezone.now())
