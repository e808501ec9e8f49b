from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from journal.services import journalpost_create
from tilsyn.errors import DomainError
from tilsyn.services import write

from .models import Dokument


def dokument_create(*, actor, enhed, art: str, titel: str, pdf: bytes, owner=None, sendt: dt.date | None = None) -> Dokument:
    """Store a rendered PDF once, with its sha256, inside the caller's transaction.

    The row rolls back with that transaction, the file in storage does not: callers check every rule
    that can refuse *before* they render and store, so a refusal leaves no orphan file."""
    if not pdf.startswith(b"%PDF"):
        raise DomainError("Dokumentet er ikke en gyldig PDF.")
    with write(actor):
        dokument = Dokument(
            enhed=enhed, art=art, titel=titel, sha256=hashlib.sha256(pdf).hexdigest(), stoerrelse=len(pdf),
            oprettet_af=actor, sendt=sendt,
        )
        if owner is not None:
            dokument.owner_ct = ContentType.objects.get_for_model(owner)
            dokument.owner_id = owner.pk
        dokument.fil.save(f"{art}-{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
        dokument.save()
        # A sent letter is journalised in the authority's ESDH: its outbox row commits with the document.
        journalpost_create(dokument=dokument)
    return dokument


def dokument_mark_sent(*, actor, dokument: Dokument, sendt: dt.date) -> Dokument:
    """A document's send date is set once; the bytes never change."""
    with write(actor):
        updated = Dokument.objects.filter(pk=dokument.pk, sendt__isnull=True).update(sendt=sendt)
        if not updated:
            raise DomainError("Dokumentet er allerede sendt.")
        dokument.sendt = sendt
        journalpost_create(dokument=dokument)
    return dokument


def dokument_bytes(dokument: Dokument) -> bytes:
    """The stored bytes, verified against the recorded sha256."""
    try:
        with dokument.fil.open("rb") as fh:
            data = fh.read()
    except FileNotFoundError as exc:
        raise DomainError("Dokumentets fil findes ikke længere i arkivet. Kontakt administrator.") from exc
    if hashlib.sha256(data).hexdigest() != dokument.sha256:
        raise DomainError("Dokumentets indhold stemmer ikke med den gemte kontrolsum. Kontakt administrator.")
    return data
