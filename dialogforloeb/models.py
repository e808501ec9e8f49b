"""Dialogforløb: from the first bekymring about a unit's quality until the concern ends or a påbud is
issued and followed up (Socialstyrelsen, audit 19.2; LOST § 7, stk. 2 and § 8; BEK § 9, stk. 1; FVL § 19).

Three state machines (django-fsm-2, protected fields): the forløb itself, and the two kinds of letter
that need four eyes: the agterskrivelse (sent) and the afgørelse (issued). Each transition's conditions
are small named guard functions (``guards.py``) whose docstring cites the rule and whose ``message`` is
the Danish refusal shown to the user. Services (``services.py``) run every transition inside one
transaction with the row locked, so two users acting on a stale state never both succeed.

Case records are permanent: PostgreSQL triggers refuse deleting forløb, activities, letters, decisions
and timeline rows, and changing what was sent or decided (``tilsyn/triggers.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from tilsyn import dates, triggers

from . import guards
from .vocabulary import (  # noqa: F401  (re-exported: the models' choices)
    AABNE_STATUSSER,
    DIALOG_ARTER,
    DIALOGMOEDE_ARTER,
    HOERINGSFRIST_MAKS_DAGE,
    HOERINGSFRIST_MIN_DAGE,
    TRIN,
    UDKAST_AABNE,
    AfgoerelseArt,
    AfgoerelseStatus,
    Afgoerelsestype,
    AgterskrivelseStatus,
    AktivitetArt,
    Alvor,
    Dialogform,
    Form,
    Formaal,
    Kilde,
    Status,
    Udfald,
    UdkastStatus,
)


class Indstillinger(models.Model):
    """Configurable thresholds per socialtilsyn (admin). Defaults from domain.md §2 and audit 19.2."""

    socialtilsyn = models.OneToOneField("tilsyn.Socialtilsyn", on_delete=models.CASCADE,
                                        related_name="dialog_indstillinger")
    hoeringsfrist_dage = models.PositiveSmallIntegerField(
        "høringsfrist (dage)", default=14,
        validators=[MinValueValidator(1), MaxValueValidator(HOERINGSFRIST_MAKS_DAGE)])
    hoeringsfrist_min_dage = models.PositiveSmallIntegerField(
        "korteste høringsfrist (dage)", default=HOERINGSFRIST_MIN_DAGE,
        validators=[MinValueValidator(1), MaxValueValidator(HOERINGSFRIST_MAKS_DAGE)],
        help_text="En agterskrivelse kan ikke give en kortere høringsfrist. Under 14 dage advares der.")
    paabud_frist_dage = models.PositiveSmallIntegerField("standardfrist for påbud (dage)", default=30,
                                                         validators=[MinValueValidator(1), MaxValueValidator(730)])
    fire_oejne_fristforlaengelse = models.BooleanField(
        "fire øjne på forlængelse af påbudsfrister", default=True,
        help_text="Slås det fra, kan konsulenten udstede en forlængelse af en påbudsfrist uden juristens "
                  "godkendelse. Alle andre afgørelser kræver altid en jurist.")
    hoej_uden_dialogmoede_dage = models.PositiveSmallIntegerField(
        "høj alvor uden dialogmøde (dage)", default=14, validators=[MinValueValidator(1), MaxValueValidator(365)])
    inaktiv_dage = models.PositiveSmallIntegerField("ingen aktivitet (dage)", default=30,
                                                    validators=[MinValueValidator(1), MaxValueValidator(365)])
    uden_afgoerelse_dage = models.PositiveSmallIntegerField("forløb uden afgørelse (dage)", default=120,
                                                            validators=[MinValueValidator(1), MaxValueValidator(730)])

    class Meta:
        verbose_name = "indstillinger for dialogforløb"
        verbose_name_plural = "indstillinger for dialogforløb"
        constraints = [
            models.CheckConstraint(condition=Q(hoeringsfrist_min_dage__lte=models.F("hoeringsfrist_dage")),
                                   name="indstillinger_hoeringsfrist_min_lte_standard",
                                   violation_error_message="Standardhøringsfristen kan ikke være kortere end den "
                                                           "korteste høringsfrist."),
        ]

    def __str__(self) -> str:
        return f"Dialogforløb: {self.socialtilsyn}"


NEVER_DELETED = "Sager slettes aldrig: socialtilsynet skal bevare, hvad det har besluttet og sendt (journaliseringspligt)."


@pghistory.track()
class Dialogforloeb(ConcurrentTransitionMixin, models.Model):
    enhed = models.ForeignKey("tilsyn.Enhed", on_delete=models.PROTECT, related_name="dialogforloeb")
    status = FSMField(max_length=20, choices=Status.choices, default=Status.AABNET, protected=True)
    kilde = models.CharField(max_length=20, choices=Kilde.choices)
    beskrivelse = models.TextField("hvad blev set")
    temaer = models.TextField("temaer og kriterier", help_text="De temaer/kriterier i kvalitetsmodellen, bekymringen angår.")
    alvor = models.CharField(max_length=10, choices=Alvor.choices)
    # The plan, recorded when the forløb opens (audit 19.2, anbefaling 2: coherence between the concern
    # and the methods and reactions chosen). A reaction far from it is flagged for the leader.
    formaal = models.CharField("formål", max_length=30, choices=Formaal.choices, default=Formaal.AFKLARE)
    planlagt_dialogform = models.CharField("planlagt dialogform", max_length=20, choices=Dialogform.choices,
                                           default=Dialogform.MOEDE)
    forventet_varighed_uger = models.PositiveSmallIntegerField(
        "forventet varighed (uger)", default=12, validators=[MinValueValidator(1), MaxValueValidator(104)])
    ansvarlig = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, related_name="dialogforloeb")
    oprettet_af = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, related_name="+")
    aabnet = models.DateField("åbnet den")
    # A reopened forløb starts a new round: BEK § 9's dialog must lie in the round the decision belongs to.
    runde = models.PositiveSmallIntegerField(default=1)
    runde_start = models.DateField("nuværende runde begyndt", null=True, blank=True)
    sidste_aktivitet = models.DateField("seneste aktivitet")
    afgoerelse_dato = models.DateField("afgørelse den", null=True, blank=True)
    afsluttet = models.DateField("afsluttet den", null=True, blank=True)
    udfald = models.CharField(max_length=30, choices=Udfald.choices, blank=True)
    udfald_begrundelse = models.TextField("begrundelse for udfald", blank=True)
    oprettet = models.DateTimeField(auto_now_add=True)
    opdateret = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-aabnet", "-pk"]
        verbose_name = "dialogforløb"
        verbose_name_plural = "dialogforløb"
        indexes = [models.Index(fields=["enhed", "status"]), models.Index(fields=["ansvarlig", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=Status.AFSLUTTET) & ~Q(udfald="") & Q(afsluttet__isnull=False))
                | (~Q(status=Status.AFSLUTTET) & Q(udfald="") & Q(afsluttet__isnull=True)),
                name="forloeb_afsluttet_har_udfald",
                violation_error_message="Et afsluttet forløb skal have et udfald og en dato.",
            ),
        ]
        triggers = [triggers.aldrig_slet("forloeb_aldrig_slettet", NEVER_DELETED)]

    def __str__(self) -> str:
        return f"Dialogforløb om {self.enhed} ({self.aabnet:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("dialogforloeb:detail", args=[self.pk])

    @property
    def er_aaben(self) -> bool:
        return self.status != Status.AFSLUTTET

    @property
    def trin(self) -> list[dict]:
        """The step indicator. A closed forløb shows the steps it never reached as skipped."""
        order = [s for s, _ in TRIN]
        idx = order.index(self.status)
        reached = {Udfald.BEKYMRING_OPHOERT: Status.I_DIALOG, Udfald.VARSLING_BORTFALDET: Status.VARSLET}.get(
            self.udfald, Status.PAABUD)
        last = order.index(reached) if self.status == Status.AFSLUTTET else idx
        return [{"label": label, "done": i < idx and i <= last, "skipped": last < i < idx, "current": i == idx}
                for i, (_, label) in enumerate(TRIN)]

    # --- Transitions (the service persists, writes the timeline and deadlines) -----------------

    @transition(field=status, source=Status.AABNET, target=Status.I_DIALOG)
    def orienter(self):
        """Ledelsen er orienteret om bekymringen: dialogen begynder."""

    @transition(field=status, source=[Status.I_DIALOG, Status.PAABUD], target=Status.VARSLING,
                conditions=[guards.ingen_aaben_kladde])
    def start_varsling(self):
        """Konsulenten begynder en agterskrivelse."""

    @transition(field=status, source=Status.VARSLING, target=RETURN_VALUE(Status.I_DIALOG, Status.PAABUD))
    def opgiv_varsling(self):
        """Kladden opgives; forløbet vender tilbage til dialog (eller til det udstedte påbud)."""
        return Status.PAABUD if guards.gaeldende_paabud(self) is not None else Status.I_DIALOG

    @transition(field=status, source=Status.VARSLING, target=Status.VARSLET,
                conditions=[guards.agterskrivelse_godkendt, guards.dialog_foer_varsling])
    def send_varsling(self):
        """Den godkendte agterskrivelse sendes (PDF, høringsfrist)."""

    @transition(field=status, source=Status.VARSLET, target=Status.PAABUD,
                conditions=[guards.varsling_sendt, guards.varslet_paabud, guards.forudgaaende_dialog,
                            guards.hoering_afsluttet, guards.afgoerelse_godkendt])
    def udsted_paabud(self):
        """Påbud (evt. med skærpet tilsyn) udstedes."""

    @transition(field=status, source=Status.VARSLET, target=Status.PAABUD,
                conditions=[guards.varsling_sendt, guards.varslet_fornyelse, guards.har_skaerpet_tilsyn,
                            guards.hoering_afsluttet, guards.fornyelse_rettidig, guards.afgoerelse_godkendt])
    def forny_skaerpet(self):
        """Det skærpede tilsyn forlænges med en ny afgørelse (højst 6 måneder)."""

    @transition(field=status, source=Status.VARSLET, target=Status.AFSLUTTET,
                conditions=[guards.varsling_sendt, guards.varslet_ophoer, guards.hoering_afsluttet,
                            guards.afgoerelse_godkendt])
    def ophoer_godkendelse(self):
        """Afgørelse om ophør af godkendelsen (LOST § 5, stk. 6)."""

    @transition(field=status, source=[Status.AABNET, Status.I_DIALOG], target=Status.AFSLUTTET)
    def afslut_bekymring_ophoert(self):
        """Bekymringen er ophørt."""

    @transition(field=status, source=Status.VARSLET, target=RETURN_VALUE(Status.AFSLUTTET, Status.PAABUD))
    def afslut_varsling_bortfaldet(self):
        """Varslingen bortfalder: forløbet afsluttes (eller, bortfalder en varslet forlængelse, fortsætter
        påbuddet)."""
        return Status.PAABUD if guards.gaeldende_paabud(self) is not None else Status.AFSLUTTET

    @transition(field=status, source=Status.PAABUD, target=Status.AFSLUTTET)
    def afslut_paabud_opfyldt(self):
        """Påbuddet er opfyldt (dokumentation kræves)."""

    @transition(field=status, source=Status.AFSLUTTET, target=Status.I_DIALOG,
                permission="dialogforloeb.genaabn_dialogforloeb")
    def genaabn(self):
        """En leder genåbner forløbet med en begrundelse: en ny runde begynder."""


@pghistory.track()
class Aktivitet(models.Model):
    """One step of the dialogue, with transparency towards the unit (audit 19.2, anbefaling 2).
    Recorded once and never changed: a mistake is corrected by a new activity that says so."""

    forloeb = models.ForeignKey(Dialogforloeb, on_delete=models.PROTECT, related_name="aktiviteter")
    runde = models.PositiveSmallIntegerField(default=1)
    art = models.CharField(max_length=30, choices=AktivitetArt.choices)
    dato = models.DateField()
    form = models.CharField(max_length=10, choices=Form.choices)
    deltagere = models.CharField(max_length=300, blank=True)
    referat = models.TextField(blank=True)
    oplyst_bekymring = models.BooleanField("enheden er oplyst om bekymringens karakter", default=False)
    oplyst_formaal = models.BooleanField("enheden er oplyst om formålet med dialogen", default=False)
    oplyst_reaktioner = models.BooleanField("enheden er oplyst om mulige reaktioner", default=False)
    frist = models.DateField("frist for redegørelse", null=True, blank=True)
    oprettet_af = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, related_name="+")
    oprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-dato", "-pk"]
        verbose_name = "aktivitet"
        verbose_name_plural = "aktiviteter"
        constraints = [
            models.CheckConstraint(
                condition=~Q(art=AktivitetArt.ANMODNING_REDEGOERELSE) | Q(frist__isnull=False),
                name="aktivitet_redegoerelse_har_frist",
                violation_error_message="En anmodning om redegørelse skal have en frist.",
            ),
        ]
        triggers = [
            triggers.aldrig_slet("aktivitet_aldrig_slettet", NEVER_DELETED),
            triggers.aldrig_aendr("aktivitet_uforanderlig", "En registreret aktivitet ændres ikke. Ret en fejl ved "
                                                            "at registrere en ny aktivitet, der siger det."),
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} {self.dato:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return self.forloeb.get_absolute_url()

    @property
    def er_dialog(self) -> bool:
        return self.art in DIALOG_ARTER

    @property
    def transparens(self) -> list[tuple[str, bool]]:
        return [("bekymringens karakter", self.oplyst_bekymring), ("formålet med dialogen", self.oplyst_formaal),
                ("mulige reaktioner", self.oplyst_reaktioner)]


def udkast_transitions(field):
    """The four-eyes life shared by agterskrivelser and afgørelser, as transitions of ``field``. Made per
    model (not inherited) so each model's transitions belong to its own field."""

    @transition(field=field, source=[UdkastStatus.KLADDE, UdkastStatus.TILBAGESENDT], target=UdkastStatus.TIL_GODKENDELSE)
    def indsend(self):
        """Forfatteren sender teksten til godkendelse hos en jurist."""

    @transition(field=field, source=UdkastStatus.TIL_GODKENDELSE, target=UdkastStatus.GODKENDT)
    def godkend(self):
        """En jurist godkender den præcise tekst (fire øjne: se guards.godkender_afvisning)."""

    @transition(field=field, source=UdkastStatus.TIL_GODKENDELSE, target=UdkastStatus.TILBAGESENDT)
    def tilbagesend(self):
        """Juristen sender teksten tilbage med en kommentar."""

    @transition(field=field, source=UdkastStatus.GODKENDT, target=UdkastStatus.KLADDE)
    def bortfald_godkendelse(self):
        """Teksten er ændret efter godkendelsen: den skal godkendes igen."""

    @transition(field=field, source=list(UDKAST_AABNE), target=UdkastStatus.OPGIVET)
    def opgiv(self):
        """Udkastet opgives (det bevares, men sendes/udstedes aldrig)."""

    return indsend, godkend, tilbagesend, bortfald_godkendelse, opgiv


class Udkast(FSMModelMixin, models.Model):
    """A letter that needs four eyes: written by a konsulent (or leder), approved by a jurist of the same
    socialtilsyn who neither wrote nor changed it, and only then sent or issued. ``tekst_hash`` is the
    fingerprint of what the jurist approves: a change afterwards voids the approval."""

    TEKSTFELTER: tuple[str, ...] = ()
    NAVN = "tekst"  # in messages: "din egen agterskrivelse", "agterskrivelsen"
    BESTEMT = "teksten"

    forfatter = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, related_name="+")
    medforfattere = ArrayField(models.PositiveBigIntegerField(), default=list, blank=True,
                               help_text="Andre brugere, der har ændret i teksten: de kan heller ikke godkende den.")
    indsendt = models.DateTimeField("indsendt til godkendelse", null=True, blank=True)
    kommentar = models.TextField("jurists kommentar", blank=True)
    # The text the jurist sent back, so the author and the jurist see what changed since.
    tilbagesendt_tekst = models.JSONField(default=dict, blank=True)
    godkendt_af = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    godkendt = models.DateTimeField(null=True, blank=True)
    godkendt_hash = models.CharField(max_length=64, blank=True)
    oprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def indhold(self) -> dict[str, str]:
        """The approved content, field by field, as text."""
        return {name: "" if getattr(self, name) is None else str(getattr(self, name)) for name in self.TEKSTFELTER}

    def tekst_hash(self) -> str:
        """The fingerprint of the text: what the jurist approved is what is sent or issued."""
        return hashlib.sha256("\x1f".join(self.indhold().values()).encode()).hexdigest()

    @property
    def godkendelse_gyldig(self) -> bool:
        return guards.godkendelse_gyldig(self)

    @property
    def er_redigerbar(self) -> bool:
        return self.status in UDKAST_AABNE



@pghistory.track()
class Agterskrivelse(Udkast):
    """The letter announcing an intended decision (partshøring, FVL § 19). Approved by a jurist (four eyes)."""

    NAVN, BESTEMT, KIND = "agterskrivelse", "agterskrivelsen", "agterskrivelse"
    TEKSTFELTER = ("paataenkt", "sagsfremstilling", "begrundelse", "mulige_reaktioner", "hoeringsfrist_dage",
                   "invitation_dialogmoede")

    forloeb = models.ForeignKey(Dialogforloeb, on_delete=models.PROTECT, related_name="agterskrivelser")
    runde = models.PositiveSmallIntegerField(default=1)
    status = FSMField(max_length=20, choices=[(s.value, s.label) for s in UdkastStatus if s != UdkastStatus.UDSTEDT],
                      default=UdkastStatus.KLADDE, protected=True)
    paataenkt = models.CharField("påtænkt afgørelse", max_length=20, choices=Afgoerelsestype.choices)
    sagsfremstilling = models.TextField("faktiske forhold og bekymringer pr. tema/kriterium")
    begrundelse = models.TextField("begrundelse for den påtænkte afgørelse")
    mulige_reaktioner = models.TextField("mulige reaktioner", default=(
        "I kan inden høringsfristen komme med bemærkninger, rette op på forholdene eller konkret redegøre for, "
        "hvordan I vil rette op på dem. Herefter træffer socialtilsynet afgørelse."))
    hoeringsfrist_dage = models.PositiveSmallIntegerField("høringsfrist (dage)", default=14,
                                                          validators=[MinValueValidator(1),
                                                                      MaxValueValidator(HOERINGSFRIST_MAKS_DAGE)])
    invitation_dialogmoede = models.DateField("invitation til dialogmøde den", null=True, blank=True)
    # BEK § 9: the dialog the announced decision rests on (part of the approved text).
    dialog_aktiviteter = models.ManyToManyField(Aktivitet, blank=True, related_name="agterskrivelser",
                                                verbose_name="dialogen, agterskrivelsen bygger på")
    sendt = models.DateField(null=True, blank=True)
    hoeringsfrist = models.DateField(null=True, blank=True)
    hoeringssvar = models.DateField("høringssvar modtaget", null=True, blank=True)
    dokument = models.ForeignKey("dokumenter.Dokument", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")

    indsend, godkend, tilbagesend, bortfald_godkendelse, opgiv = udkast_transitions(status)

    class Meta:
        ordering = ["-oprettet", "-pk"]
        verbose_name = "agterskrivelse"
        verbose_name_plural = "agterskrivelser"
        indexes = [models.Index(fields=["status", "indsendt"], name="agter_status_indsendt")]
        constraints = [
            models.CheckConstraint(
                condition=Q(godkendt_af__isnull=True) | ~Q(godkendt_af=models.F("forfatter")),
                name="agterskrivelse_fire_oejne",
                violation_error_message="En agterskrivelse kan ikke godkendes af sin forfatter.",
            ),
            models.CheckConstraint(
                condition=~Q(status=UdkastStatus.SENDT)
                | (Q(sendt__isnull=False) & Q(hoeringsfrist__isnull=False) & Q(godkendt_af__isnull=False)),
                name="agterskrivelse_sendt_er_godkendt",
                violation_error_message="En sendt agterskrivelse skal være godkendt og have en høringsfrist.",
            ),
        ]
        triggers = [
            triggers.aldrig_slet("agterskrivelse_aldrig_slettet", NEVER_DELETED),
            # Sent is sent: only the høringssvar is recorded later, and the høringsfrist only moves forward.
            triggers.kun_disse_aendringer(
                "agterskrivelse_sendt_uforanderlig", naar="OLD.status IN ('sendt', 'opgivet')",
                tilladt={"hoeringssvar": "OLD.hoeringssvar IS NULL OR NEW.hoeringssvar IS NOT DISTINCT FROM "
                                         "OLD.hoeringssvar",
                         "hoeringsfrist": "OLD.status = 'sendt' AND NEW.hoeringsfrist >= OLD.hoeringsfrist"},
                message="En sendt eller opgivet agterskrivelse ændres ikke; kun høringssvaret registreres, og "
                        "høringsfristen kan kun forlænges."),
        ]

    def __str__(self) -> str:
        return f"Agterskrivelse om {self.get_paataenkt_display().lower()}"

    def get_absolute_url(self) -> str:
        return reverse("dialogforloeb:agterskrivelse", args=[self.pk])

    @property
    def er_ophoer(self) -> bool:
        return self.paataenkt == Afgoerelsestype.OPHOER

    @property
    def er_skaerpet(self) -> bool:
        return self.paataenkt == Afgoerelsestype.SKAERPET_TILSYN

    @property
    def er_fornyelse(self) -> bool:
        return self.paataenkt == Afgoerelsestype.FORNYELSE

    @property
    def slags(self) -> str:
        return f"Agterskrivelse: {self.get_paataenkt_display().lower()}"

    def forventet_hoeringsfrist(self, today=None):
        return (today or dates.today()) + dt.timedelta(days=self.hoeringsfrist_dage)

    @property
    def beroert(self) -> tuple[str, object]:
        """The date the approval affects, for the jurist's queue."""
        if self.hoeringsfrist:
            return "Høringsfrist", self.hoeringsfrist
        return f"Høringsfrist hvis sendt i dag ({self.hoeringsfrist_dage} dage)", self.forventet_hoeringsfrist()

    def indhold(self) -> dict[str, str]:
        out = super().indhold()
        if self.pk:  # the dialog the text rests on is part of what the jurist approves
            out["dialog"] = ",".join(str(pk) for pk in sorted(self.dialog_aktiviteter.values_list("pk", flat=True)))
        return out

    @transition(field=status, source=UdkastStatus.GODKENDT, target=UdkastStatus.SENDT,
                conditions=[guards.godkendelse_gyldig])
    def send(self):
        """Den godkendte tekst sendes som brev (PDF), og høringsfristen begynder."""


@pghistory.track()
class Afgoerelse(Udkast):
    """A decision: påbud (optionally with skærpet tilsyn), its frist extended, skærpet tilsyn renewed, or
    ophør af godkendelse (LOST §§ 5, 8). Drafted, approved by a jurist (four eyes), then issued as a letter.

    On the påbud, ``frist`` and ``skaerpet_til`` are the dates in force: an extension or a renewal (each its
    own afgørelse, linked by ``paabud``) moves them forward in the same transaction, never back."""

    NAVN, BESTEMT, KIND = "afgørelse", "afgørelsen", "afgoerelse"
    TEKSTFELTER = ("art", "tekst", "opfyldelseskriterium", "begrundelse", "hoeringssvar_vurdering", "frist",
                   "skaerpet_til")

    forloeb = models.ForeignKey(Dialogforloeb, on_delete=models.PROTECT, related_name="afgoerelser")
    agterskrivelse = models.ForeignKey(Agterskrivelse, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="afgoerelser")
    paabud = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="opfoelgning",
                               help_text="Det påbud, en fristforlængelse eller en forlængelse af skærpet tilsyn angår.")
    art = models.CharField(max_length=20, choices=AfgoerelseArt.choices)
    status = FSMField(max_length=20, choices=[(s.value, s.label) for s in UdkastStatus if s != UdkastStatus.SENDT],
                      default=UdkastStatus.KLADDE, protected=True)
    tekst = models.TextField("påbuddets indhold", blank=True)
    opfyldelseskriterium = models.TextField("hvornår er påbuddet opfyldt", blank=True)
    begrundelse = models.TextField()
    hoeringssvar_vurdering = models.TextField("høringssvaret og socialtilsynets vurdering af det", blank=True)
    frist = models.DateField("frist for påbuddet", null=True, blank=True)
    tidligere_frist = models.DateField("hidtidig frist", null=True, blank=True)
    skaerpet_fra = models.DateField("skærpet tilsyn fra", null=True, blank=True)
    skaerpet_til = models.DateField("skærpet tilsyn til og med", null=True, blank=True)
    udstedt = models.DateField(null=True, blank=True)
    udstedt_af = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    dokument = models.ForeignKey("dokumenter.Dokument", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    skaerpet_dokument = models.ForeignKey("dokumenter.Dokument", on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+")
    opfyldt = models.DateField(null=True, blank=True)

    indsend, godkend, tilbagesend, bortfald_godkendelse, opgiv = udkast_transitions(status)

    class Meta:
        ordering = ["-udstedt", "-pk"]
        verbose_name = "afgørelse"
        verbose_name_plural = "afgørelser"
        indexes = [models.Index(fields=["status", "indsendt"], name="afg_status_indsendt")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(art=AfgoerelseArt.PAABUD) | (Q(frist__isnull=False) & ~Q(opfyldelseskriterium="")),
                name="paabud_har_frist_og_kriterium",
                violation_error_message="Et påbud skal have en frist og et opfyldelseskriterium.",
            ),
            models.CheckConstraint(
                condition=Q(skaerpet_til__isnull=True) | Q(art__in=[AfgoerelseArt.PAABUD, AfgoerelseArt.FORNYELSE]),
                name="skaerpet_kun_med_paabud",
                violation_error_message="Skærpet tilsyn kan kun træffes sammen med et påbud.",
            ),
            models.CheckConstraint(
                condition=Q(skaerpet_til__isnull=True) | Q(status__in=UDKAST_AABNE + (UdkastStatus.OPGIVET,))
                | (Q(skaerpet_fra__isnull=False) & Q(skaerpet_fra__lte=models.F("skaerpet_til"))),
                name="skaerpet_har_periode",
                violation_error_message="Skærpet tilsyn skal have en periode.",
            ),
            models.CheckConstraint(
                condition=Q(status=UdkastStatus.UDSTEDT, udstedt__isnull=False, udstedt_af__isnull=False)
                | (~Q(status=UdkastStatus.UDSTEDT) & Q(udstedt__isnull=True)),
                name="afgoerelse_udstedt_har_dato",
                violation_error_message="En udstedt afgørelse skal have en dato og en udsteder.",
            ),
            models.CheckConstraint(
                condition=~Q(art__in=[AfgoerelseArt.FORNYELSE, AfgoerelseArt.FRISTFORLAENGELSE])
                | Q(paabud__isnull=False),
                name="opfoelgning_har_paabud",
                violation_error_message="En forlængelse skal angå et påbud.",
            ),
            models.CheckConstraint(
                condition=~Q(art=AfgoerelseArt.FRISTFORLAENGELSE) | Q(frist__isnull=False),
                name="fristforlaengelse_har_frist",
                violation_error_message="En fristforlængelse skal have en ny frist.",
            ),
            models.CheckConstraint(
                condition=Q(godkendt_af__isnull=True) | ~Q(godkendt_af=models.F("forfatter")),
                name="afgoerelse_fire_oejne",
                violation_error_message="En afgørelse kan ikke godkendes af sin forfatter.",
            ),
        ]
        triggers = [
            triggers.aldrig_slet("afgoerelse_aldrig_slettet", NEVER_DELETED),
            # Decided is decided: what was issued stays; only the påbud's fulfilment is recorded later, and
            # its frist and skærpet period move forward with a linked decision (extension, renewal).
            triggers.kun_disse_aendringer(
                "afgoerelse_udstedt_uforanderlig", naar="OLD.status IN ('udstedt', 'opgivet')",
                tilladt={"opfyldt": "OLD.opfyldt IS NULL OR NEW.opfyldt IS NOT DISTINCT FROM OLD.opfyldt",
                         "frist": "OLD.status = 'udstedt' AND NEW.frist >= OLD.frist",
                         "skaerpet_til": "OLD.status = 'udstedt' AND (NEW.skaerpet_til IS NOT DISTINCT FROM "
                                         "OLD.skaerpet_til OR NEW.skaerpet_til > OLD.skaerpet_til)"},
                message="En udstedt afgørelse ændres ikke. En frist eller et skærpet tilsyn forlænges kun ved en ny "
                        "afgørelse, og kun fremad."),
        ]

    def __str__(self) -> str:
        if self.udstedt:
            return f"{self.get_art_display()} udstedt {self.udstedt:%d.%m.%Y}"
        return f"{self.get_art_display()} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("dialogforloeb:afgoerelse", args=[self.pk])

    @property
    def har_skaerpet(self) -> bool:
        return self.skaerpet_til is not None

    @property
    def er_paabud(self) -> bool:
        return self.art == AfgoerelseArt.PAABUD

    @property
    def er_ophoer(self) -> bool:
        return self.art == AfgoerelseArt.OPHOER

    @property
    def er_fornyelse(self) -> bool:
        return self.art == AfgoerelseArt.FORNYELSE

    @property
    def er_fristforlaengelse(self) -> bool:
        return self.art == AfgoerelseArt.FRISTFORLAENGELSE

    @property
    def slags(self) -> str:
        return f"Afgørelse: {self.get_art_display().lower()}"

    @property
    def beroert(self) -> tuple[str, object]:
        """The date the approval affects, for the jurist's queue."""
        if self.er_paabud:
            return "Påbudsfrist", self.frist
        if self.er_fristforlaengelse:
            return "Ny frist for påbuddet", self.frist
        if self.er_fornyelse:
            return "Skærpet tilsyn til og med", self.skaerpet_til
        return "Ophører ved udstedelsen", None

    @property
    def er_udstedt(self) -> bool:
        return self.status == UdkastStatus.UDSTEDT

    @transition(field=status, source=UdkastStatus.GODKENDT, target=UdkastStatus.UDSTEDT,
                conditions=[guards.godkendelse_gyldig])
    @transition(field=status, source=[UdkastStatus.KLADDE, UdkastStatus.TILBAGESENDT], target=UdkastStatus.UDSTEDT,
                conditions=[guards.uden_jurist_tilladt])
    def udsted(self):
        """Den godkendte afgørelse udstedes som brev (PDF) med klagevejledning."""


@pghistory.track()
class Haendelse(models.Model):
    """A timeline row: every activity, transition, letter, approval and frist (who, when, why). Never
    changed or deleted."""

    forloeb = models.ForeignKey(Dialogforloeb, on_delete=models.PROTECT, related_name="haendelser")
    tidspunkt = models.DateTimeField(auto_now_add=True)
    dato = models.DateField()
    actor = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    titel = models.CharField(max_length=200)
    tekst = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    fra_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    til_status = models.CharField(max_length=20, choices=Status.choices, blank=True)

    class Meta:
        ordering = ["-dato", "-tidspunkt", "-pk"]
        verbose_name = "hændelse"
        verbose_name_plural = "hændelser"
        triggers = [
            triggers.aldrig_slet("haendelse_aldrig_slettet", NEVER_DELETED),
            triggers.aldrig_aendr("haendelse_uforanderlig", "Tidslinjen ændres ikke: en hændelse står, som den "
                                                            "blev skrevet."),
        ]

    def __str__(self) -> str:
        return self.titel
