"""Letters and reports as stored PDFs. Sent is sent: a Dokument's bytes are written once with their
sha256 and never change; a correction is a new Dokument."""

import pghistory
import pgtrigger
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse


class DokumentArt(models.TextChoices):
    TILSYNSRAPPORT = "tilsynsrapport", "Tilsynsrapport"
    AGTERSKRIVELSE = "agterskrivelse", "Agterskrivelse"
    PAABUD = "paabud", "Påbud"
    SKAERPET_TILSYN = "skaerpet_tilsyn", "Skærpet tilsyn"
    AFGOERELSE = "afgoerelse", "Afgørelse"
    ANDET = "andet", "Andet"


class ImmutableError(Exception):
    pass


@pghistory.track(fields=["art", "titel", "sha256", "sendt"], model_name="DokumentEvent")
class Dokument(models.Model):
    enhed = models.ForeignKey("tilsyn.Enhed", on_delete=models.PROTECT, related_name="dokumenter")
    art = models.CharField(max_length=20, choices=DokumentArt.choices)
    titel = models.CharField(max_length=300)
    fil = models.FileField(upload_to="dokumenter/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    stoerrelse = models.PositiveIntegerField("størrelse (bytes)")
    owner_ct = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    owner = GenericForeignKey("owner_ct", "owner_id")
    oprettet = models.DateTimeField(auto_now_add=True)
    oprettet_af = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, related_name="+")
    sendt = models.DateField("sendt den", null=True, blank=True)

    class Meta:
        ordering = ["-oprettet", "-pk"]
        verbose_name = "dokument"
        verbose_name_plural = "dokumenter"
        indexes = [models.Index(fields=["owner_ct", "owner_id"]), models.Index(fields=["enhed", "-oprettet"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"), name="dokument_sha256_hex"),
        ]
        # Enforced in PostgreSQL too, so no code path (admin, shell, raw SQL) can rewrite a stored letter.
        triggers = [
            pgtrigger.Protect(
                name="dokument_content_immutable", operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange("fil", "sha256", "stoerrelse", "art", "titel", "enhed", "oprettet"),
            ),
            pgtrigger.Protect(name="dokument_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return self.titel

    def save(self, *args, **kwargs):
        # Only the first save writes the row; later saves may only set the send date once.
        if self.pk is not None:
            raise ImmutableError("Et gemt dokument kan ikke ændres. Opret et nyt dokument i stedet.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("dokumenter:download", args=[self.pk])
