"""The quality models as versioned data (tema → kriterium → indikator) and the quality assessments
(kvalitetsvurderinger) scored against them.

A model version is loaded from a data file (kvalitetsmodel/data/*.json); an assessment records the
version it used, so old assessments keep theirs when a new version (e.g. L 200) is loaded.
Scores inform, they never decide: a low score or a drop only raises a flag for a person to consider.
"""

from __future__ import annotations

from decimal import Decimal

import pghistory
import pgtrigger
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from tilsyn import triggers
from tilsyn.models import Datakilde

# Domain.md §1.5 [I]: the standard scale wording used across tilsynsrapporter (not verified verbatim).
SKALA = {
    5: "I meget høj grad opfyldt",
    4: "I høj grad opfyldt",
    3: "I middel grad opfyldt",
    2: "I lav grad opfyldt",
    1: "I meget lav grad opfyldt / ikke opfyldt",
}

# Flags (to consider, never a decision): a score at or below this, or a drop of at least this much.
FLAG_LAV_SCORE = Decimal("2")
FLAG_FALD = Decimal("1.5")


class Omraade(models.TextChoices):
    TILBUD = "tilbud", "Sociale tilbud"
    PLEJEFAMILIE = "plejefamilie", "Plejefamilier"


class Niveau(models.TextChoices):
    INDIKATOR = "indikator", "Indikatorniveau"
    KRITERIUM = "kriterium", "Kriterieniveau"


class Kvalitetsmodel(models.Model):
    """One published version of a quality model for one area (tilbud or plejefamilier)."""

    omraade = models.CharField("område", max_length=20, choices=Omraade.choices)
    version = models.CharField(max_length=30, help_text="Fx 2017 eller L200.")
    navn = models.CharField(max_length=200)
    niveau = models.CharField(
        "bedømmes på", max_length=20, choices=Niveau.choices, default=Niveau.INDIKATOR,
        help_text="L 200 fjerner indikatorerne: modellen bedømmes da på kriterieniveau.",
    )
    gyldig_fra = models.DateField("gyldig fra", null=True, blank=True)
    aktiv = models.BooleanField(
        default=True, help_text="Kan vælges til nye vurderinger. Gamle vurderinger beholder deres version."
    )
    kilde = models.TextField(blank=True)

    class Meta:
        ordering = ["omraade", "-gyldig_fra", "version"]
        verbose_name = "kvalitetsmodel (version)"
        verbose_name_plural = "kvalitetsmodeller (versioner)"
        constraints = [models.UniqueConstraint(fields=["omraade", "version"], name="kvalitetsmodel_unik_version")]

    def __str__(self) -> str:
        return f"{self.navn} ({self.version})"


class Tema(models.Model):
    model = models.ForeignKey(Kvalitetsmodel, on_delete=models.CASCADE, related_name="temaer")
    nummer = models.PositiveSmallIntegerField()
    navn = models.CharField(max_length=200)
    er_oekonomi = models.BooleanField("økonomi-tema", default=False)

    class Meta:
        ordering = ["model", "nummer"]
        verbose_name = "tema"
        verbose_name_plural = "temaer"
        constraints = [models.UniqueConstraint(fields=["model", "nummer"], name="tema_unik_nummer")]

    def __str__(self) -> str:
        return f"Tema {self.nummer}: {self.navn}"


class Kriterium(models.Model):
    tema = models.ForeignKey(Tema, on_delete=models.CASCADE, related_name="kriterier")
    nummer = models.PositiveSmallIntegerField(help_text="Nummereret på tværs af temaer.")
    tekst = models.TextField()
    tekst_ikke_verificeret = models.BooleanField(
        "tekst ikke verificeret", default=False, help_text="Teksten er rekonstrueret og skal tjekkes mod bekendtgørelsen."
    )
    bemaerkning = models.TextField("bemærkning", blank=True)

    class Meta:
        ordering = ["tema__nummer", "nummer"]
        verbose_name = "kriterium"
        verbose_name_plural = "kriterier"
        constraints = [models.UniqueConstraint(fields=["tema", "nummer"], name="kriterium_unik_nummer")]

    def __str__(self) -> str:
        return f"Kriterium {self.nummer}"

    @property
    def label(self) -> str:
        return f"Kriterium {self.nummer}"


class Indikator(models.Model):
    kriterium = models.ForeignKey(Kriterium, on_delete=models.CASCADE, related_name="indikatorer")
    bogstav = models.CharField(max_length=3)
    tekst = models.TextField()
    tekst_ikke_verificeret = models.BooleanField("tekst ikke verificeret", default=False)
    udgaaet = models.BooleanField("udgået", default=False, help_text="Fjernet i denne version; bedømmes ikke.")
    bemaerkning = models.TextField("bemærkning", blank=True, help_text="Fx hvilke tilbudstyper indikatoren ikke gælder for.")
    # Relevance (domain.md §1.3): an indicator is "ikke relevant" for a tilbud when every one of its
    # tilbudstyper is excepted. Plejefamilier are never excepted.
    kun_for_boern = models.BooleanField("kun for børn og unge", default=False)
    ikke_for_ambulant = models.BooleanField("ikke for ambulante tilbud", default=False)
    undtagne_tilbudstyper = ArrayField(
        models.CharField(max_length=30), default=list, blank=True, verbose_name="undtagne tilbudstyper (koder)"
    )

    class Meta:
        ordering = ["kriterium__nummer", "bogstav"]
        verbose_name = "indikator"
        verbose_name_plural = "indikatorer"
        constraints = [models.UniqueConstraint(fields=["kriterium", "bogstav"], name="indikator_unik_bogstav")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"Indikator {self.kriterium.nummer}{self.bogstav}"

    def undtaget_for(self, tilbudstype) -> bool:
        return (
            tilbudstype.kode in self.undtagne_tilbudstyper
            or (self.ikke_for_ambulant and tilbudstype.ambulant)
            or (self.kun_for_boern and not tilbudstype.for_boern)
        )

    def relevant_for(self, tilbudstyper) -> bool:
        """``tilbudstyper``: the unit's types (empty for a plejefamilie: always relevant)."""
        typer = list(tilbudstyper)
        return not typer or not all(self.undtaget_for(t) for t in typer)


LAAST_FEJL = "En afsluttet kvalitetsvurdering kan ikke ændres. Ret den ved at oprette en ny version med en begrundelse."


def _rows_laast(name: str) -> pgtrigger.Trigger:
    """The rows of a completed assessment (scores, texts) cannot be added, changed or removed."""
    return triggers.laast_med_foraelder(name, parent_table="kvalitetsmodel_kvalitetsvurdering", fk="vurdering_id",
                                        naar="p.status = 'afsluttet'", message=LAAST_FEJL)


class VurderingArt(models.TextChoices):
    GODKENDELSE = "godkendelse", "Godkendelse"
    DRIFT = "drift", "Driftsorienteret tilsyn"


class VurderingStatus(models.TextChoices):
    KLADDE = "kladde", "Kladde"
    AFSLUTTET = "afsluttet", "Afsluttet"


class Oekonomisvar(models.TextChoices):
    JA = "ja", "Ja"
    DELVIST = "delvist", "Delvist"
    NEJ = "nej", "Nej"


OEKONOMI_SPOERGSMAAL = [
    ("oekonomi_baeredygtig", "Er tilbuddet økonomisk bæredygtigt?"),
    ("oekonomi_kvalitet_pris", "Giver økonomien mulighed for den fornødne kvalitet i forhold til prisen og målgruppen?"),
    ("oekonomi_gennemsigtig", "Er der gennemsigtighed med tilbuddets økonomi?"),
]


@pghistory.track()
class Kvalitetsvurdering(models.Model):
    enhed = models.ForeignKey("tilsyn.Enhed", on_delete=models.PROTECT, related_name="kvalitetsvurderinger")
    model = models.ForeignKey(Kvalitetsmodel, on_delete=models.PROTECT, related_name="vurderinger",
                              verbose_name="modelversion")
    art = models.CharField("type", max_length=20, choices=VurderingArt.choices, default=VurderingArt.DRIFT)
    status = models.CharField(max_length=10, choices=VurderingStatus.choices, default=VurderingStatus.KLADDE)
    besoeg = models.ForeignKey("tilsyn.Tilsynsbesoeg", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="kvalitetsvurderinger", verbose_name="tilsynsbesøg")
    dato = models.DateField("vurderingsdato")
    samlet_vurdering = models.TextField("samlet vurdering", blank=True)
    udviklingspunkter = models.TextField(blank=True)
    opmaerksomhedspunkter = models.TextField("opmærksomhedspunkter", blank=True)
    datakilder = ArrayField(models.CharField(max_length=20, choices=Datakilde.choices), default=list, blank=True)
    oekonomi_baeredygtig = models.CharField("økonomisk bæredygtigt", max_length=10, choices=Oekonomisvar.choices,
                                            blank=True)
    oekonomi_kvalitet_pris = models.CharField("kvalitet i forhold til pris", max_length=10,
                                              choices=Oekonomisvar.choices, blank=True)
    oekonomi_gennemsigtig = models.CharField("gennemsigtighed", max_length=10, choices=Oekonomisvar.choices,
                                             blank=True)
    oekonomi_tekst = models.TextField("økonomisk vurdering", blank=True)
    # A correction of a completed assessment is a new version of it, with a reason.
    retter = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="rettelser",
                               verbose_name="retter vurdering")
    version = models.PositiveSmallIntegerField(default=1)
    rettelse_grund = models.TextField("begrundelse for rettelse", blank=True)
    erstattet = models.BooleanField("erstattet af en rettet version", default=False)
    rapport_id = models.PositiveBigIntegerField("tilsynsrapport (dokument-id)", null=True, blank=True)
    oprettet_af = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, related_name="kvalitetsvurderinger")
    oprettet = models.DateTimeField(auto_now_add=True)
    opdateret = models.DateTimeField(auto_now=True)
    afsluttet = models.DateTimeField(null=True, blank=True)
    afsluttet_af = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")

    class Meta:
        ordering = ["-dato", "-pk"]
        verbose_name = "kvalitetsvurdering"
        verbose_name_plural = "kvalitetsvurderinger"
        indexes = [
            models.Index(fields=["enhed", "status", "-dato"]),
            models.Index(fields=["oprettet_af", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=VurderingStatus.KLADDE) | Q(afsluttet__isnull=False),
                name="kvalitetsvurdering_afsluttet_har_tid",
            ),
            models.CheckConstraint(
                condition=Q(retter__isnull=True) | ~Q(rettelse_grund=""),
                name="kvalitetsvurdering_rettelse_har_grund",
                violation_error_message="En rettelse skal have en begrundelse.",
            ),
        ]
        # Case records: never deleted, and locked once completed, whatever the code path.
        triggers = [
            triggers.sagsakt_aldrig_slet("kvalitetsvurdering_no_delete", "En kvalitetsvurdering"),
            # Once completed, only the mark that a correction superseded it and the report's id are set.
            triggers.kun_disse_aendringer(
                "kvalitetsvurdering_afsluttet_laast", naar="OLD.status = 'afsluttet'", message=LAAST_FEJL,
                tilladt={"erstattet": "NEW.erstattet OR NOT OLD.erstattet",
                         "rapport_id": "OLD.rapport_id IS NULL OR NEW.rapport_id = OLD.rapport_id",
                         "opdateret": "TRUE"},
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} {self.dato:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("kvalitetsmodel:detail", args=[self.pk])

    @property
    def er_kladde(self) -> bool:
        return self.status == VurderingStatus.KLADDE

    @property
    def scorer(self) -> bool:
        """Driftsorienteret tilsyn scores 1–5; godkendelse uses forventes (ikke) at kunne opfylde."""
        return self.art == VurderingArt.DRIFT


@pghistory.track()
class Bedoemmelse(models.Model):
    """The rating of one indicator (or, in a criterion-level model, one criterion) in an assessment."""

    vurdering = models.ForeignKey(Kvalitetsvurdering, on_delete=models.CASCADE, related_name="bedoemmelser")
    indikator = models.ForeignKey(Indikator, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kriterium = models.ForeignKey(Kriterium, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(null=True, blank=True,
                                             validators=[MinValueValidator(1), MaxValueValidator(5)])
    forventes_opfyldt = models.BooleanField("forventes at kunne opfylde", null=True, blank=True)
    ikke_relevant = models.BooleanField("ikke relevant", default=False)
    begrundelse = models.TextField(blank=True)
    datakilder = ArrayField(models.CharField(max_length=20, choices=Datakilde.choices), default=list, blank=True)
    opdateret = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kriterium__nummer", "indikator__bogstav"]
        verbose_name = "bedømmelse"
        verbose_name_plural = "bedømmelser"
        constraints = [
            models.UniqueConstraint(fields=["vurdering", "indikator"], name="bedoemmelse_unik_indikator",
                                    condition=Q(indikator__isnull=False)),
            models.UniqueConstraint(fields=["vurdering", "kriterium"], name="bedoemmelse_unik_kriterium",
                                    condition=Q(indikator__isnull=True)),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                                   name="bedoemmelse_score_1_5"),
        ]
        triggers = [_rows_laast("bedoemmelse_afsluttet_laast")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        # kriterium is the indicator's criterion: no need to load indikator.kriterium.
        return f"Indikator {self.kriterium.nummer}{self.indikator.bogstav}" if self.indikator_id else self.kriterium.label

    @property
    def tekst(self) -> str:
        return self.indikator.tekst if self.indikator_id else self.kriterium.tekst

    @property
    def skala_tekst(self) -> str:
        return SKALA.get(self.score, "")

    @property
    def datakilder_tekst(self) -> str:
        labels = dict(Datakilde.choices)
        return ", ".join(str(labels.get(d, d)) for d in self.datakilder)


@pghistory.track()
class KriterieVurdering(models.Model):
    vurdering = models.ForeignKey(Kvalitetsvurdering, on_delete=models.CASCADE, related_name="kriterievurderinger")
    kriterium = models.ForeignKey(Kriterium, on_delete=models.PROTECT, related_name="+")
    tekst = models.TextField("vurdering af kriteriet", blank=True)
    # Snapshot of the computed mean, written when the assessment is completed (never typed).
    score = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["kriterium__nummer"]
        constraints = [models.UniqueConstraint(fields=["vurdering", "kriterium"], name="kriterievurdering_unik")]
        triggers = [_rows_laast("kriterievurdering_afsluttet_laast")]

    def __str__(self) -> str:
        return f"Vurdering af kriterium {self.kriterium_id}"


@pghistory.track()
class TemaVurdering(models.Model):
    vurdering = models.ForeignKey(Kvalitetsvurdering, on_delete=models.CASCADE, related_name="temavurderinger")
    tema = models.ForeignKey(Tema, on_delete=models.PROTECT, related_name="+")
    tekst = models.TextField("vurdering af temaet", blank=True)
    score = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["tema__nummer"]
        constraints = [models.UniqueConstraint(fields=["vurdering", "tema"], name="temavurdering_unik")]
        triggers = [_rows_laast("temavurdering_afsluttet_laast")]

    def __str__(self) -> str:
        return f"Vurdering af tema {self.tema_id}"


class Kvalitetsflag(models.Model):
    """Something for a person to consider (a low score or a drop). Never a decision by itself."""

    class Grund(models.TextChoices):
        LAV = "lav", "Lav score"
        FALD = "fald", "Markant fald"

    vurdering = models.ForeignKey(Kvalitetsvurdering, on_delete=models.CASCADE, related_name="flag")
    enhed = models.ForeignKey("tilsyn.Enhed", on_delete=models.CASCADE, related_name="kvalitetsflag")
    grund = models.CharField(max_length=10, choices=Grund.choices)
    niveau = models.CharField(max_length=10, choices=[("tema", "Tema"), ("kriterium", "Kriterium")])
    label = models.CharField(max_length=250)
    score = models.DecimalField(max_digits=3, decimal_places=2)
    fald = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    oprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-oprettet", "pk"]
        verbose_name = "kvalitetsflag"
        verbose_name_plural = "kvalitetsflag"
        indexes = [models.Index(fields=["enhed", "-oprettet"])]

    def __str__(self) -> str:
        return self.tekst

    @property
    def tekst(self) -> str:
        score = f"{self.score:.2f}".replace(".", ",")
        if self.grund == self.Grund.FALD:
            fald = f"{self.fald:.2f}".replace(".", ",")
            return f"{self.label}: faldet {fald} point til {score}"
        return f"{self.label}: score {score} (2 eller derunder)"
