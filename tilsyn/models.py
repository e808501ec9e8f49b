"""The core register: socialtilsyn, users and roles, supervised units (tilbud and plejefamilier)
and tilsynsbesøg.

A supervised unit is an ``Enhed``; ``Tilbud`` and ``Plejefamilie`` extend it (multi-table
inheritance), so visits, assessments, risk categories, forløb and frister point at one relation.
"""

from __future__ import annotations

import pghistory
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from . import triggers


class Region(models.TextChoices):
    HOVEDSTADEN = "hovedstaden", "Region Hovedstaden"
    SJAELLAND = "sjaelland", "Region Sjælland"
    SYDDANMARK = "syddanmark", "Region Syddanmark"
    MIDTJYLLAND = "midtjylland", "Region Midtjylland"
    NORDJYLLAND = "nordjylland", "Region Nordjylland"


class Socialtilsyn(models.Model):
    """One of the five authorities (LOST § 2), each hosted by a kommune."""

    slug = models.SlugField(unique=True)
    navn = models.CharField(max_length=100, unique=True)
    vaertskommune = models.CharField("værtskommune", max_length=100)
    region = models.CharField(max_length=20, choices=Region.choices, unique=True)
    adresse = models.CharField(max_length=200, blank=True)
    web = models.URLField(blank=True)

    class Meta:
        ordering = ["navn"]
        verbose_name = "socialtilsyn"
        verbose_name_plural = "socialtilsyn"

    def __str__(self) -> str:
        return self.navn


class Kommune(models.Model):
    kode = models.PositiveSmallIntegerField(unique=True)
    navn = models.CharField(max_length=100, unique=True)
    region = models.CharField(max_length=20, choices=Region.choices)

    class Meta:
        ordering = ["navn"]
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"

    def __str__(self) -> str:
        return self.navn


class Rolle(models.TextChoices):
    KONSULENT = "konsulent", "Tilsynskonsulent"
    JURIST = "jurist", "Jurist"
    LEDER = "leder", "Leder"


class User(AbstractUser):
    """A user belongs to one socialtilsyn and may hold several roles.

    Staff administrators without a socialtilsyn use Django's admin only; the app shows them no cases.
    """

    socialtilsyn = models.ForeignKey(
        Socialtilsyn, on_delete=models.PROTECT, null=True, blank=True, related_name="brugere"
    )
    is_konsulent = models.BooleanField("tilsynskonsulent", default=False)
    is_jurist = models.BooleanField("jurist", default=False)
    is_leder = models.BooleanField("leder", default=False)

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = "bruger"
        verbose_name_plural = "brugere"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def roller(self) -> list[str]:
        flags = {Rolle.KONSULENT: self.is_konsulent, Rolle.JURIST: self.is_jurist, Rolle.LEDER: self.is_leder}
        return [rolle.value for rolle, held in flags.items() if held]

    @property
    def roller_display(self) -> str:
        return ", ".join(Rolle(r).label for r in self.roller) or "Ingen rolle"


class Tilbudstype(models.Model):
    """A legal type of tilbud (LOST § 4), e.g. SEL § 107. Reference data, loaded by migration."""

    kode = models.CharField(max_length=30, unique=True)
    navn = models.CharField(max_length=200)
    paragraf = models.CharField(max_length=60)
    for_boern = models.BooleanField("for børn og unge", default=False)
    ambulant = models.BooleanField(default=False)

    class Meta:
        ordering = ["paragraf"]
        verbose_name = "tilbudstype"
        verbose_name_plural = "tilbudstyper"

    def __str__(self) -> str:
        return f"{self.paragraf} ({self.navn})"


class Godkendelsesstatus(models.TextChoices):
    ANSOEGT = "ansoegt", "Ansøgt"
    GODKENDT = "godkendt", "Godkendt"
    GODKENDT_MED_VILKAAR = "godkendt_vilkaar", "Godkendt med vilkår"
    OPHOERT = "ophoert", "Ophørt"
    BORTFALDET = "bortfaldet", "Bortfaldet"


# Units that are (or may become) under operational supervision.
AKTIVE_STATUSSER = (Godkendelsesstatus.GODKENDT, Godkendelsesstatus.GODKENDT_MED_VILKAAR)
# The approval has ended.
OPHOERTE_STATUSSER = (Godkendelsesstatus.OPHOERT, Godkendelsesstatus.BORTFALDET)
# What a unit may be registered as (an existing approval, or an application); every later change is a decision.
REGISTRERINGS_STATUSSER = (Godkendelsesstatus.ANSOEGT, *AKTIVE_STATUSSER)
GODKENDT_KRAEVER_DATO = "En godkendt enhed skal have en godkendelsesdato."

# Number fields state their whole range in one message (never "≥ 0" first and "≥ 1" next).
PLADSER_MIN, PLADSER_MAX = 1, 9999
PLADSER_FEJL = f"Angiv et antal pladser fra {PLADSER_MIN} til {PLADSER_MAX}."
ALDER_MAX = 120
ALDER_FEJL = f"Angiv en alder fra 0 til {ALDER_MAX} år."
BOERN_MIN, BOERN_MAX = 1, 10
BOERN_FEJL = f"Angiv et antal børn fra {BOERN_MIN} til {BOERN_MAX}."


class Risikokategori(models.TextChoices):
    """The rød/gul/grøn category. Set only by the risiko app's services, never by itself."""

    GROEN = "groen", "Grøn"
    GUL = "gul", "Gul"
    ROED = "roed", "Rød"


# Severity of the categories, for sorting worst first: the one ranking every list uses.
RISIKO_RANG = {Risikokategori.ROED: 3, Risikokategori.GUL: 2, Risikokategori.GROEN: 1}


class EnhedArt(models.TextChoices):
    TILBUD = "tilbud", "Tilbud"
    PLEJEFAMILIE = "plejefamilie", "Plejefamilie"


@pghistory.track()
class Enhed(models.Model):
    """A supervised unit: a tilbud or a plejefamilie."""

    art = models.CharField(max_length=20, choices=EnhedArt.choices, editable=False)
    socialtilsyn = models.ForeignKey(Socialtilsyn, on_delete=models.PROTECT, related_name="enheder")
    navn = models.CharField(max_length=200)
    adresse = models.CharField(max_length=200)
    postnummer = models.CharField(
        max_length=4, validators=[RegexValidator(r"^\d{4}$", "Postnummeret skal være fire cifre.")]
    )
    by = models.CharField(max_length=100)
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="enheder")
    alder_fra = models.PositiveSmallIntegerField("alder fra", validators=[MaxValueValidator(ALDER_MAX, ALDER_FEJL)])
    alder_til = models.PositiveSmallIntegerField("alder til", validators=[MaxValueValidator(ALDER_MAX, ALDER_FEJL)])
    # The current approval status, read by lists and the visit plan. Written only by
    # tilsyn.services (registration and godkendelse_aendr), each change with a Godkendelsesaendring row.
    godkendelsesstatus = models.CharField(
        max_length=20, choices=Godkendelsesstatus.choices, default=Godkendelsesstatus.ANSOEGT, editable=False,
    )
    ansoegt_dato = models.DateField("ansøgt den", null=True, blank=True)
    godkendt_dato = models.DateField("godkendt den", null=True, blank=True, editable=False)
    ophoert_dato = models.DateField("ophørt/bortfaldet den", null=True, blank=True, editable=False)
    ansvarlig_konsulent = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="enheder_ansvar",
        verbose_name="ansvarlig konsulent",
    )
    risikokategori = models.CharField(max_length=10, choices=Risikokategori.choices, blank=True)
    risikokategori_siden = models.DateField(null=True, blank=True)
    oprettet = models.DateTimeField(auto_now_add=True)
    opdateret = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["navn"]
        verbose_name = "enhed"
        verbose_name_plural = "enheder"
        indexes = [
            models.Index(fields=["socialtilsyn", "art", "navn"]),
            models.Index(fields=["socialtilsyn", "risikokategori"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(alder_fra__lte=F("alder_til")), name="enhed_alder_fra_lte_til",
                violation_error_message="Alder fra kan ikke være højere end alder til.",
            ),
            models.CheckConstraint(
                condition=~Q(godkendelsesstatus__in=AKTIVE_STATUSSER) | Q(godkendt_dato__isnull=False),
                name="enhed_godkendt_har_dato",
                violation_error_message=GODKENDT_KRAEVER_DATO,
            ),
        ]
        triggers = [triggers.sagsakt_aldrig_slet("enhed_no_delete", "En enhed")]

    def __str__(self) -> str:
        return self.navn

    def get_absolute_url(self) -> str:
        return reverse(f"{self.art}_detail", args=[self.pk])

    @property
    def er_aktiv(self) -> bool:
        return self.godkendelsesstatus in AKTIVE_STATUSSER

    @property
    def godkendelse_seneste(self) -> Godkendelsesaendring | None:
        """The change that set the current status (prefetched by the unit page's selector)."""
        rows = getattr(self, "godkendelse_historik", None)
        if rows is None:
            return self.godkendelsesaendringer.order_by("-pk").first()
        return rows[0] if rows else None


# MTI child: the trigger sees only the child's own columns; Enhed's are tracked on Enhed.
@pghistory.track(
    fields=["driftsherre_navn", "driftsherre_ejerform", "driftsherre_cvr", "maalgrupper", "pladser"],
    obj_field=pghistory.ObjForeignKey(related_name="tilbud_events"),
    model_name="TilbudEvent",
)
class Tilbud(Enhed):
    class Ejerform(models.TextChoices):
        KOMMUNAL = "kommunal", "Kommunal"
        REGIONAL = "regional", "Regional"
        PRIVAT = "privat", "Privat"

    driftsherre_navn = models.CharField("driftsherre", max_length=200)
    driftsherre_ejerform = models.CharField("ejerform", max_length=10, choices=Ejerform.choices)
    driftsherre_cvr = models.CharField(
        "CVR-nummer", max_length=8,
        validators=[RegexValidator(r"^\d{8}$", "CVR-nummeret skal være otte cifre.")],
    )
    tilbudstyper = models.ManyToManyField(Tilbudstype, related_name="tilbud")
    maalgrupper = models.TextField("målgrupper", help_text="Fx udviklingshæmning, autisme, psykisk sårbarhed.")
    pladser = models.PositiveSmallIntegerField("pladser i alt", validators=[
        MinValueValidator(PLADSER_MIN, PLADSER_FEJL), MaxValueValidator(PLADSER_MAX, PLADSER_FEJL)])

    class Meta:
        verbose_name = "tilbud"
        verbose_name_plural = "tilbud"
        triggers = [triggers.sagsakt_aldrig_slet("tilbud_no_delete", "Et tilbud")]

    def save(self, *args, **kwargs):
        self.art = EnhedArt.TILBUD
        super().save(*args, **kwargs)


# Afdelinger are stamdata of a tilbud (like its address), not case records: nothing refers to one, and
# the tilbud form may remove one. The removal stays in the unit's history (a delete event).
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Afdeling(models.Model):
    tilbud = models.ForeignKey(Tilbud, on_delete=models.CASCADE, related_name="afdelinger")
    navn = models.CharField(max_length=200)
    adresse = models.CharField(max_length=200, blank=True)
    pladser = models.PositiveSmallIntegerField(validators=[
        MinValueValidator(PLADSER_MIN, PLADSER_FEJL), MaxValueValidator(PLADSER_MAX, PLADSER_FEJL)])

    class Meta:
        ordering = ["navn"]
        verbose_name = "afdeling"
        verbose_name_plural = "afdelinger"

    def __str__(self) -> str:
        return self.navn


@pghistory.track(
    fields=["plejefamilietype", "plejeforaelder_1", "plejeforaelder_2", "godkendt_antal_boern", "aflastning"],
    obj_field=pghistory.ObjForeignKey(related_name="plejefamilie_events"),
    model_name="PlejefamilieEvent",
)
class Plejefamilie(Enhed):
    class Type(models.TextChoices):
        # Netværksplejefamilier are approved by the kommune, not the socialtilsyn: never here.
        ALMEN = "almen", "Almen plejefamilie"
        FORSTAERKET = "forstaerket", "Forstærket plejefamilie"
        SPECIALISERET = "specialiseret", "Specialiseret plejefamilie"

    plejefamilietype = models.CharField("type", max_length=20, choices=Type.choices)
    plejeforaelder_1 = models.CharField("plejeforælder", max_length=200)
    plejeforaelder_2 = models.CharField("plejeforælder 2", max_length=200, blank=True)
    godkendt_antal_boern = models.PositiveSmallIntegerField(
        "godkendt til antal børn",
        validators=[MinValueValidator(BOERN_MIN, BOERN_FEJL), MaxValueValidator(BOERN_MAX, BOERN_FEJL)],
    )
    aflastning = models.BooleanField("godkendt til aflastning", default=False)

    class Meta:
        verbose_name = "plejefamilie"
        verbose_name_plural = "plejefamilier"
        triggers = [triggers.sagsakt_aldrig_slet("plejefamilie_no_delete", "En plejefamilie")]

    def save(self, *args, **kwargs):
        self.art = EnhedArt.PLEJEFAMILIE
        super().save(*args, **kwargs)


class Godkendelsesaendring(models.Model):
    """One change of a unit's approval status: from, to, when, on what grounds and by which decision.

    Append-only (PostgreSQL refuses UPDATE and DELETE). Written only by ``tilsyn.services``: the first
    row when the unit is registered, every later one by ``godkendelse_aendr`` from a decision (e.g. the
    dialogforløb's ophør af godkendelse), which is referenced generically and by its URL and title, so
    the register depends on no case app.
    """

    enhed = models.ForeignKey(Enhed, on_delete=models.PROTECT, related_name="godkendelsesaendringer")
    fra = models.CharField(max_length=20, choices=Godkendelsesstatus.choices, blank=True)
    til = models.CharField(max_length=20, choices=Godkendelsesstatus.choices)
    dato = models.DateField("gælder fra")
    grundlag = models.TextField()
    afgoerelse_ct = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    afgoerelse_id = models.PositiveBigIntegerField(null=True, blank=True)
    afgoerelse = GenericForeignKey("afgoerelse_ct", "afgoerelse_id")
    afgoerelse_url = models.CharField("afgørelsens adresse", max_length=500, blank=True)
    afgoerelse_titel = models.CharField("afgørelse", max_length=200, blank=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name="registreret af")
    oprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "ændring af godkendelsesstatus"
        verbose_name_plural = "ændringer af godkendelsesstatus"
        constraints = [
            models.CheckConstraint(
                condition=Q(afgoerelse_ct__isnull=True, afgoerelse_id__isnull=True)
                | Q(afgoerelse_ct__isnull=False, afgoerelse_id__isnull=False),
                name="godkendelsesaendring_afgoerelse_begge_eller_ingen",
            ),
        ]
        triggers = [
            triggers.sagsakt_aldrig_slet("godkendelsesaendring_no_delete", "En ændring af godkendelsesstatus"),
            triggers.aldrig_aendr("godkendelsesaendring_no_update", "En ændring af godkendelsesstatus kan ikke rettes "
                                  "bagefter. Registrér en ny ændring ved en afgørelse."),
        ]

    def __str__(self) -> str:
        return f"{self.get_til_display()} fra {self.dato:%d.%m.%Y}"

    @property
    def ved_afgoerelse(self) -> bool:
        return bool(self.afgoerelse_url or self.afgoerelse_id)


class Besoegstype(models.TextChoices):
    ANMELDT = "anmeldt", "Anmeldt"
    UANMELDT = "uanmeldt", "Uanmeldt"


class Besoegsstatus(models.TextChoices):
    PLANLAGT = "planlagt", "Planlagt"
    GENNEMFOERT = "gennemfoert", "Gennemført"
    AFLYST = "aflyst", "Aflyst"


class Metode(models.TextChoices):
    OBSERVATION = "observation", "Observation"
    INTERVIEW = "interview", "Interview"
    DOKUMENTANALYSE = "dokumentanalyse", "Dokumentanalyse"


class Datakilde(models.TextChoices):
    """Information sources (LOST § 7, stk. 3)."""

    LEDELSE = "ledelse", "Ledelse"
    MEDARBEJDERE = "medarbejdere", "Medarbejdere"
    BORGERE = "borgere", "Borgere/børn"
    PAARORENDE = "paaroerende", "Pårørende"
    KOMMUNER = "kommuner", "Kommuner"
    DOKUMENTER = "dokumenter", "Tilbuddets oplysninger og årsrapport"
    ANDRE = "andre", "Andre relevante personer"


# L 200: an announced visit is notified at most 4 weeks ahead.
MAX_VARSEL_DAGE = 28
# The notice rules (checked with every other visit rule in tilsyn.services.besoeg_checks; the
# constraints below are the database's safety net with the same words).
UANMELDT_UDEN_VARSEL = "Et uanmeldt besøg varsles ikke. Fjern varslingsdatoen."
ANMELDT_KRAEVER_VARSEL = "Angiv hvornår det anmeldte besøg blev varslet."
VARSEL_FOER_BESOEG = "Varslingsdatoen skal ligge før besøgsdatoen."


@pghistory.track()
class Tilsynsbesoeg(models.Model):
    enhed = models.ForeignKey(Enhed, on_delete=models.PROTECT, related_name="besoeg")
    besoegstype = models.CharField("type", max_length=10, choices=Besoegstype.choices)
    status = models.CharField(max_length=12, choices=Besoegsstatus.choices, default=Besoegsstatus.GENNEMFOERT)
    varslet_dato = models.DateField("varslet den", null=True, blank=True)
    dato = models.DateField("besøgsdato")
    konsulenter = models.ManyToManyField(User, related_name="besoeg")
    metoder = ArrayField(
        models.CharField(max_length=20, choices=Metode.choices), default=list, blank=True,
        verbose_name="dataindsamlingsmetoder",
    )
    datakilder = ArrayField(
        models.CharField(max_length=20, choices=Datakilde.choices), default=list, blank=True
    )
    fokus_temaer = models.TextField("fokustemaer", blank=True)
    noter = models.TextField(blank=True)
    oprettet_af = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    oprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-dato", "-pk"]
        verbose_name = "tilsynsbesøg"
        verbose_name_plural = "tilsynsbesøg"
        indexes = [models.Index(fields=["enhed", "status", "-dato"])]
        triggers = [triggers.sagsakt_aldrig_slet("tilsynsbesoeg_no_delete", "Et tilsynsbesøg")]
        constraints = [
            models.CheckConstraint(
                condition=Q(besoegstype=Besoegstype.ANMELDT) | Q(varslet_dato__isnull=True),
                name="besoeg_uanmeldt_uden_varsel",
                violation_error_message=UANMELDT_UDEN_VARSEL,
            ),
            models.CheckConstraint(
                condition=Q(varslet_dato__isnull=True) | Q(varslet_dato__lte=F("dato")),
                name="besoeg_varsel_foer_besoeg",
                violation_error_message=VARSEL_FOER_BESOEG,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_besoegstype_display()} tilsynsbesøg {self.dato:%d.%m.%Y}"

    # ArrayField has no get_FOO_display (its choices sit on the base field): labels in the chosen order.
    @property
    def metoder_display(self) -> str:
        labels = dict(Metode.choices)
        return ", ".join(str(labels.get(m, m)) for m in self.metoder)

    @property
    def datakilder_display(self) -> str:
        labels = dict(Datakilde.choices)
        return ", ".join(str(labels.get(d, d)) for d in self.datakilder)

    @property
    def varsel_dage(self) -> int | None:
        return (self.dato - self.varslet_dato).days if self.varslet_dato else None

    @property
    def varsel_for_langt(self) -> bool:
        return bool(self.varsel_dage and self.varsel_dage > MAX_VARSEL_DAGE)


class Indstillinger(models.Model):
    """Configurable thresholds, one row per socialtilsyn (edited in the admin)."""

    socialtilsyn = models.OneToOneField(Socialtilsyn, on_delete=models.CASCADE, related_name="indstillinger")
    # L 200 repeals the fixed annual visit: the interval is data, and follows the risk colour.
    besoegsinterval_maaneder = models.PositiveSmallIntegerField(
        "besøgsinterval uden risikokategori (måneder)", default=12, validators=[MinValueValidator(1)]
    )
    besoegsinterval_groen = models.PositiveSmallIntegerField(
        "besøgsinterval ved grøn (måneder)", default=12, validators=[MinValueValidator(1)]
    )
    besoegsinterval_gul = models.PositiveSmallIntegerField(
        "besøgsinterval ved gul (måneder)", default=6, validators=[MinValueValidator(1)]
    )
    besoegsinterval_roed = models.PositiveSmallIntegerField(
        "besøgsinterval ved rød (måneder)", default=3, validators=[MinValueValidator(1)]
    )
    besoeg_forfalder_dage = models.PositiveSmallIntegerField(
        "vis besøg som forfaldende (dage før)", default=30
    )

    class Meta:
        verbose_name = "indstillinger"
        verbose_name_plural = "indstillinger"

    def __str__(self) -> str:
        return f"Indstillinger for {self.socialtilsyn}"

    def interval_for(self, kategori: str) -> int:
        return {
            Risikokategori.GROEN: self.besoegsinterval_groen,
            Risikokategori.GUL: self.besoegsinterval_gul,
            Risikokategori.ROED: self.besoegsinterval_roed,
        }.get(kategori, self.besoegsinterval_maaneder)
