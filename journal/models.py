"""The journal outbox: one row per sent letter or decision, written in the same transaction as the stored
document, delivered to the authority's ESDH (F2, SBSYS, Acadre ...) by a sweep until acknowledged.

Exactly once per document: the row is unique per document; a sweeper claims it with a row lock (SKIP
LOCKED), so two workers never send it at the same time; and every attempt carries the row's uuid as
``Idempotency-Key`` (HTTP) or file name (drop folder), so a receiver that got it just before a crash and
sees it again keeps one copy."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone


class JournalStatus(models.TextChoices):
    AFVENTER = "afventer", "Afventer journalisering"
    JOURNALISERET = "journaliseret", "Journaliseret"


class Retning(models.TextChoices):
    UDGAAENDE = "udgaaende", "Udgående"
    INDGAAENDE = "indgaaende", "Indgående"


class Kanal(models.TextChoices):
    HTTP = "http", "ESDH-endpoint (HTTP)"
    MAPPE = "mappe", "Drop-mappe"


class Journalpost(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dokument = models.OneToOneField("dokumenter.Dokument", on_delete=models.PROTECT, related_name="journalpost")
    socialtilsyn = models.ForeignKey("tilsyn.Socialtilsyn", on_delete=models.PROTECT, related_name="+")
    # The ESDH case number. Read from the document (or its case) when the letters work adds one.
    sagsnummer = models.CharField(max_length=100, blank=True)
    titel = models.CharField(max_length=300)
    dokumenttype = models.CharField(max_length=20)
    retning = models.CharField(max_length=12, choices=Retning.choices, default=Retning.UDGAAENDE)
    sendt = models.DateField("sendt den")
    sha256 = models.CharField(max_length=64)
    stoerrelse = models.PositiveIntegerField("størrelse (bytes)")
    part_navn = models.CharField("part", max_length=200)
    part_cvr = models.CharField("partens CVR-nummer", max_length=8, blank=True)
    status = models.CharField(max_length=15, choices=JournalStatus.choices, default=JournalStatus.AFVENTER)
    forsoeg = models.PositiveIntegerField("forsøg", default=0)
    naeste_forsoeg = models.DateTimeField("næste forsøg", default=timezone.now)
    sidste_fejl = models.TextField("seneste fejl", blank=True)
    journaliseret = models.DateTimeField(null=True, blank=True)
    kanal = models.CharField(max_length=10, choices=Kanal.choices, blank=True)
    kvittering = models.CharField("kvittering fra ESDH", max_length=300, blank=True)
    oprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-oprettet", "-pk"]
        verbose_name = "journalpost"
        verbose_name_plural = "journalposter"
        indexes = [
            # The sweeper's query: waiting rows due now. Partial, so it stays small.
            models.Index(fields=["naeste_forsoeg", "id"], condition=Q(status="afventer"), name="journalpost_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="afventer", journaliseret__isnull=True)
                | Q(status="journaliseret", journaliseret__isnull=False),
                name="journalpost_journaliseret_har_tid",
            ),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="journalpost_sha256_hex"),
        ]

    def __str__(self) -> str:
        return f"{self.titel} ({self.get_status_display().lower()})"

    @property
    def status_tekst(self) -> str:
        """What the document list shows: "journaliseret 26.11.2026 kl. 13.40" or why it waits."""
        if self.status == JournalStatus.JOURNALISERET:
            t = timezone.localtime(self.journaliseret)
            return f"journaliseret {t:%d.%m.%Y} kl. {t:%H.%M}"
        if self.forsoeg:
            return f"afventer journalisering ({self.forsoeg} forsøg, prøver igen)"
        return "afventer journalisering"
