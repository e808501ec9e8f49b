"""Risk categories (rød/gul/grøn) documented præ and post, with a tilsynsintensitet plan.

The unit's current colour lives on ``tilsyn.Enhed.risikokategori``; only
``risiko.services.risikovurdering_create`` changes it, in the same transaction as the new
``Risikovurdering`` row. Nothing here changes a category by itself: signals from other apps
become ``Revurderingsforslag`` rows ("overvej at revurdere risikokategorien").
"""

from __future__ import annotations

import pghistory
import pgtrigger
from django.db import models
from django.db.models import Q
from django.urls import reverse

from tilsyn import triggers
from tilsyn.models import Risikokategori


class Fase(models.TextChoices):
    """Domain §5.1 (seed 004): documented when the supervision is planned and after the quality assessment."""

    PRAE = "prae", "Præ (ved tilrettelæggelse af tilsynet)"
    POST = "post", "Post (efter kvalitetsvurdering)"

    @property
    def kort(self) -> str:
        return {"prae": "Præ", "post": "Post"}[self.value]


class Intensitet(models.TextChoices):
    STANDARD = "standard", "Standard"
    OEGET = "oeget", "Øget"
    HOEJ = "hoej", "Høj"


# The seven dimensions of tilsynsintensitet (domain.md §5.1, seed 004), in the order of the source.
DIMENSIONER: list[tuple[str, str]] = [
    ("skriftlige", "Omfanget af skriftlige oplysninger fra tilbuddet/plejefamilien, herunder økonomiske oplysninger"),
    ("eksterne", "Omfanget af oplysninger fra kommuner, pårørende og andre samarbejdspartnere"),
    ("hyppighed", "Hyppigheden af anmeldte og uanmeldte tilsynsbesøg"),
    ("datakilder", "Hvilke datakilder der anvendes (ansatte, borgere, andre relevante personer)"),
    ("metoder", "Hvilke dataindsamlingsmetoder der anvendes (observation, interview, dokumentanalyse)"),
    ("omfang", "Omfang og varighed af tilsynsbesøg"),
    ("afrapportering", "Niveauet for afrapportering, opfølgning og dialog med tilbuddet"),
]
DIMENSION_KEYS = [key for key, _ in DIMENSIONER]

# A sensible default level per colour (domain.md §5.2 working definition [I]); the consultant decides.
STANDARD_INTENSITET = {
    Risikokategori.GROEN: Intensitet.STANDARD,
    Risikokategori.GUL: Intensitet.OEGET,
    Risikokategori.ROED: Intensitet.HOEJ,
}

KATEGORI_NIVEAU = {Risikokategori.GROEN: 1, Risikokategori.GUL: 2, Risikokategori.ROED: 3}


class Risikofaktor(models.Model):
    """A factor that may weigh in a risk assessment. Configurable in the admin; seeded by migration."""

    navn = models.CharField(max_length=120, unique=True)
    beskrivelse = models.TextField(blank=True)
    aktiv = models.BooleanField(default=True, help_text="Inaktive faktorer kan ikke vælges i nye vurderinger.")
    orden = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["orden", "navn"]
        verbose_name = "risikofaktor"
        verbose_name_plural = "risikofaktorer"

    def __str__(self) -> str:
        return self.navn


@pghistory.track()
class Risikovurdering(models.Model):
    """One documented risk assessment of a unit. Immutable once recorded: a new one supersedes it."""

    enhed = models.ForeignKey("tilsyn.Enhed", on_delete=models.PROTECT, related_name="risikovurderinger")
    fase = models.CharField(max_length=4, choices=Fase.choices)
    kategori = models.CharField("risikokategori", max_length=10, choices=Risikokategori.choices)
    forrige_kategori = models.CharField(
        "tidligere risikokategori", max_length=10, choices=Risikokategori.choices, blank=True
    )
    begrundelse = models.TextField()
    faktorer = models.ManyToManyField(Risikofaktor, blank=True, related_name="vurderinger",
                                      verbose_name="risikofaktorer")
    # {dimension key: {"niveau": Intensitet, "note": str}} for every key in DIMENSIONER.
    intensitetsplan = models.JSONField("tilsynsintensitet", default=dict, blank=True)
    tilsynsbesoeg = models.ForeignKey(
        "tilsyn.Tilsynsbesoeg", on_delete=models.SET_NULL, null=True, blank=True, related_name="risikovurderinger",
        verbose_name="tilsynsbesøg",
    )
    # The completed quality assessment a post assessment follows (domain §5.1: "post" = after it).
    kvalitetsvurdering = models.ForeignKey(
        "kvalitetsmodel.Kvalitetsvurdering", on_delete=models.PROTECT, null=True, blank=True,
        related_name="risikovurderinger",
    )
    dato = models.DateField("vurderet den")
    vurderet_af = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, related_name="+")
    oprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-dato", "-oprettet", "-pk"]
        verbose_name = "risikovurdering"
        verbose_name_plural = "risikovurderinger"
        indexes = [models.Index(fields=["enhed", "-dato", "-oprettet"])]
        constraints = [
            models.CheckConstraint(condition=~Q(begrundelse=""), name="risikovurdering_begrundelse_paakraevet",
                                   violation_error_message="Skriv en begrundelse for risikokategorien."),
            models.CheckConstraint(condition=Q(fase__in=["prae", "post"]), name="risikovurdering_fase_gyldig"),
            models.CheckConstraint(condition=Q(kategori__in=["groen", "gul", "roed"]),
                                   name="risikovurdering_kategori_gyldig"),
            models.CheckConstraint(condition=Q(fase="prae") | Q(kvalitetsvurdering__isnull=False),
                                   name="risikovurdering_post_har_kvalitetsvurdering",
                                   violation_error_message="En post-vurdering kræver en afsluttet kvalitetsvurdering."),
        ]
        # A recorded assessment is history: PostgreSQL refuses deleting it or rewriting what it says.
        triggers = [
            triggers.sagsakt_aldrig_slet("risikovurdering_no_delete", "En risikovurdering"),
            triggers.aldrig_aendr(
                "risikovurdering_content_immutable",
                "En risikovurdering kan ikke ændres bagefter. Registrér en ny vurdering.",
                condition=pgtrigger.AnyChange("enhed", "fase", "kategori", "forrige_kategori", "begrundelse",
                                              "intensitetsplan", "kvalitetsvurdering", "dato", "vurderet_af"),
            ),
        ]

    def __str__(self) -> str:
        return f"{Fase(self.fase).kort}-vurdering {self.get_kategori_display()} ({self.dato:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("risiko:vurdering_detail", args=[self.pk])

    @property
    def fase_kort(self) -> str:
        return Fase(self.fase).kort

    @property
    def kategori_aendret(self) -> bool:
        return self.kategori != self.forrige_kategori

    @property
    def plan_rows(self) -> list[dict]:
        plan = self.intensitetsplan or {}
        rows = []
        for key, label in DIMENSIONER:
            entry = plan.get(key) or {}
            niveau = entry.get("niveau", "")
            rows.append({"key": key, "label": label, "niveau": niveau,
                         "niveau_display": Intensitet(niveau).label if niveau in Intensitet.values else "–",
                         "note": entry.get("note", "")})
        return rows


@pghistory.track()
class Revurderingsforslag(models.Model):
    """"Overvej at revurdere risikokategorien": a suggestion, never a change. Resolved by the next assessment."""

    enhed = models.ForeignKey("tilsyn.Enhed", on_delete=models.CASCADE, related_name="revurderingsforslag")
    grund = models.TextField()
    kilde = models.CharField(max_length=60, help_text="Fx kvalitetsmodel eller dialogforloeb.")
    oprettet = models.DateTimeField(auto_now_add=True)
    loest = models.DateTimeField("løst", null=True, blank=True)
    loest_af = models.ForeignKey(Risikovurdering, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="loeste_forslag", verbose_name="løst af vurdering")

    class Meta:
        ordering = ["-oprettet", "-pk"]
        verbose_name = "forslag om revurdering"
        verbose_name_plural = "forslag om revurdering"
        indexes = [models.Index(fields=["enhed", "loest"])]

    def __str__(self) -> str:
        return f"Overvej at revurdere risikokategorien: {self.grund}"

    @property
    def kilde_display(self) -> str:
        return {"kvalitetsmodel": "Kvalitetsvurdering", "kvalitetsvurdering": "Kvalitetsvurdering",
                "dialogforloeb": "Dialogforløb"}.get(self.kilde, self.kilde)
