"""Per-user API tokens. The token itself is shown once when it is created; only its sha256 is stored
(a token is 256 random bits, so a fast hash is enough: nothing to brute-force). Every token expires, and
a revoked token stays as a row (who revoked it, when): tokens are never deleted."""

from __future__ import annotations

import datetime as dt

import pghistory
from django.db import models
from django.db.models import Q
from django.utils import timezone


@pghistory.track(fields=["navn", "udloeber", "tilbagekaldt", "tilbagekaldt_af"], model_name="ApiTokenEvent")
class ApiToken(models.Model):
    user = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, related_name="api_tokens", verbose_name="bruger")
    navn = models.CharField("hvad bruges nøglen til", max_length=100)
    praefiks = models.CharField("nøglens begyndelse", max_length=16)
    noegle_hash = models.CharField(max_length=64, unique=True)
    oprettet = models.DateTimeField(default=timezone.now)
    oprettet_af = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, related_name="+")
    udloeber = models.DateField("udløber efter", help_text="Nøglen virker til og med denne dag.")
    tilbagekaldt = models.DateTimeField(null=True, blank=True)
    tilbagekaldt_af = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    sidst_brugt = models.DateTimeField("sidst brugt", null=True, blank=True)

    class Meta:
        ordering = ["-oprettet", "-pk"]
        verbose_name = "API-nøgle"
        verbose_name_plural = "API-nøgler"
        constraints = [
            models.CheckConstraint(condition=Q(noegle_hash__regex=r"^[0-9a-f]{64}$"), name="apitoken_hash_hex"),
            models.CheckConstraint(condition=Q(tilbagekaldt__isnull=True) | Q(tilbagekaldt_af__isnull=False),
                                   name="apitoken_tilbagekaldt_har_aktoer"),
        ]

    def __str__(self) -> str:
        return f"{self.navn} ({self.praefiks}…)"

    def er_udloebet(self, today: dt.date | None = None) -> bool:
        return self.udloeber < (today or timezone.localdate())

    @property
    def status(self) -> str:
        if self.tilbagekaldt:
            return "Tilbagekaldt"
        if self.er_udloebet():
            return "Udløbet"
        return "Aktiv"

    @property
    def er_aktiv(self) -> bool:
        return self.status == "Aktiv"
