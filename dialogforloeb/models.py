"""Dialogforløb: from the first bekymring about a unit's quality until the concern ends or a påbud is
issued and followed up (Socialstyrelsen, audit 19.2; LOST § 7, stk. 2 and § 8; BEK § 9, stk. 1; FVL § 19).

The state lives on ``Dialogforloeb.status``, a protected FSM field. Each transition's conditions are
small named guard functions (``guards.py``) whose docstring cites the rule and whose ``message`` is the
Danish refusal shown to the user. Services (``services.py``) run every transition inside one
transaction with the row locked, so two users acting on a stale state never both succeed.
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
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from . import guards
from .vocabulary import (  # noqa: F401  (re-exported: the models' choices)
    AABNE_STATUSSER,
    DIALOG_ARTER,
    DIALOGMOEDE_ARTER,
    HOERINGSFRIST_MAKS_DAGE,
    TRIN,
    Afgoerelsestype,
    AgterskrivelseStatus,
    AktivitetArt,
    Alvor,
    Form,
    Kilde,
    Status,
    Udfald,
)


class Indstillinger(models.Model):
    """Configurable thresholds per socialtilsyn (admin). Defaults from domain.md §2 and audit 19.2."""

    socialtilsyn = models.OneToOneField("tilsyn.Socialtilsyn", on_delete=models.CASCADE,
                                        related_name="dialog_indstillinger")
    hoeringsfrist_dage = models.PositiveSmallIntegerField(
        "høringsfrist (dage)", default=14,
        validators=[MinValueValidator(1), MaxValueValidator(HOERINGSFRIST_MAKS_DAGE)])
    paabud_frist_dage = models.PositiveSmallIntegerField("standardfrist for påbud (dage)", default=30,
                                                         validators=[MinValueValidator(1)])
    hoej_uden_dialogmoede_dage = models.PositiveSmallIntegerField(
        "høj alvor uden dialogmøde (dage)", default=14, validators=[MinValueValidator(1)])
    inaktiv_dage = models.PositiveSmallIntegerField("ingen aktivitet (dage)", default=30,
                                                    validators=[MinValueValidator(1)])
    uden_afgoerelse_dage = models.PositiveSmallIntegerField("forløb uden afgørelse (dage)", default=120,
                                                            validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = "indstillinger for dialogforløb"
        verbose_name_plural = "indstillinger for dialogforløb"

    def __str__(self) -> str:
        return f"Dialogforløb: {self.socialtilsyn}"


@pghistory.track()
class Dialogforloeb(ConcurrentTransitionMixin, models.Model):
    enhed = models.ForeignKey("tilsyn.Enhed", on_delete=models.PROTECT, related_name="dialogforloeb")
    status = FSMField(max_length=20, choices=Status.choices, default=Status.AABNET, protected=True)
    kilde = models.CharField(max_length=20, choices=Kilde.choices)
    beskrivelse = models.TextField("hvad blev set")
    temaer = models.TextField("temaer og kriterier", help_text="De temaer/kriterier i kvalitetsmodellen, bekymringen angår.")
    alvor = models.CharField(max_length=10, choices=Alvor.choices)
    ansvarlig = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, related_name="dialogforloeb")
    oprettet_af = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, related_name="+")
    aabnet = models.DateField("åbnet den")
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
        return Status.PAABUD if self.afgoerelser.filter(art=Afgoerelsestype.PAABUD).exists() else Status.I_DIALOG

    @transition(field=status, source=Status.VARSLING, target=Status.VARSLET,
                conditions=[guards.agterskrivelse_godkendt])
    def send_varsling(self):
        """Den godkendte agterskrivelse sendes (PDF, høringsfrist)."""

    @transition(field=status, source=Status.VARSLET, target=Status.PAABUD,
                conditions=[guards.forudgaaende_dialog, guards.varsling_sendt, guards.hoering_afsluttet,
                            guards.varslet_paabud])
    def udsted_paabud(self):
        """Påbud (evt. med skærpet tilsyn) udstedes."""

    @transition(field=status, source=Status.VARSLET, target=Status.AFSLUTTET,
                conditions=[guards.varsling_sendt, guards.hoering_afsluttet, guards.varslet_ophoer])
    def ophoer_godkendelse(self):
        """Afgørelse om ophør af godkendelsen (LOST § 5, stk. 6)."""

    @transition(field=status, source=[Status.AABNET, Status.I_DIALOG], target=Status.AFSLUTTET)
    def afslut_bekymring_ophoert(self):
        """Bekymringen er ophørt."""

    @transition(field=status, source=Status.VARSLET, target=Status.AFSLUTTET)
    def afslut_varsling_bortfaldet(self):
        """Enheden har konkret redegjort for, hvordan forholdene rettes: varslingen bortfalder."""

    @transition(field=status, source=Status.PAABUD, target=Status.AFSLUTTET)
    def afslut_paabud_opfyldt(self):
        """Påbuddet er opfyldt (dokumentation kræves)."""

    @transition(field=status, source=Status.AFSLUTTET, target=Status.I_DIALOG,
                permission="dialogforloeb.genaabn_dialogforloeb")
    def genaabn(self):
        """En leder genåbner forløbet med en begrundelse."""


@pghistory.track()
class Aktivitet(models.Model):
    """One step of the dialogue, with transparency towards the unit (audit 19.2, anbefaling 2)."""

    forloeb = models.ForeignKey(Dialogforloeb, on_delete=models.CASCADE, related_name="aktiviteter")
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

    def __str__(self) -> str:
        return f"{self.get_art_display()} {self.dato:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return self.forloeb.get_absolute_url()

    @property
    def transparens(self) -> list[tuple[str, bool]]:
        return [("bekymringens karakter", self.oplyst_bekymring), ("formålet med dialogen", self.oplyst_formaal),
                ("mulige reaktioner", self.oplyst_reaktioner)]


@pghistory.track()
class Agterskrivelse(models.Model):
    """The letter announcing an intended decision (partshøring, FVL § 19). Approved by a jurist (four eyes)."""

    forloeb = models.ForeignKey(Dialogforloeb, on_delete=models.CASCADE, related_name="agterskrivelser")
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
    status = models.CharField(max_length=20, choices=AgterskrivelseStatus.choices, default=AgterskrivelseStatus.KLADDE)
    forfatter = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, related_name="agterskrivelser")
    medforfattere = ArrayField(models.PositiveBigIntegerField(), default=list, blank=True,
                               help_text="Andre brugere, der har ændret i teksten: de kan heller ikke godkende den.")
    indsendt = models.DateTimeField("indsendt til godkendelse", null=True, blank=True)
    kommentar = models.TextField("jurists kommentar", blank=True)
    godkendt_af = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    godkendt = models.DateTimeField(null=True, blank=True)
    godkendt_hash = models.CharField(max_length=64, blank=True)
    sendt = models.DateField(null=True, blank=True)
    hoeringsfrist = models.DateField(null=True, blank=True)
    hoeringssvar = models.DateField("høringssvar modtaget", null=True, blank=True)
    dokument_id = models.PositiveBigIntegerField(null=True, blank=True)
    oprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-oprettet", "-pk"]
        verbose_name = "agterskrivelse"
        verbose_name_plural = "agterskrivelser"
        constraints = [
            models.CheckConstraint(
                condition=Q(godkendt_af__isnull=True) | ~Q(godkendt_af=models.F("forfatter")),
                name="agterskrivelse_fire_oejne",
                violation_error_message="En agterskrivelse kan ikke godkendes af sin forfatter.",
            ),
            models.CheckConstraint(
                condition=~Q(status=AgterskrivelseStatus.SENDT)
                | (Q(sendt__isnull=False) & Q(hoeringsfrist__isnull=False) & Q(godkendt_af__isnull=False)),
                name="agterskrivelse_sendt_er_godkendt",
                violation_error_message="En sendt agterskrivelse skal være godkendt og have en høringsfrist.",
            ),
        ]

    def __str__(self) -> str:
        return f"Agterskrivelse om {self.get_paataenkt_display().lower()}"

    def get_absolute_url(self) -> str:
        return reverse("dialogforloeb:agterskrivelse", args=[self.pk])

    def tekst_hash(self) -> str:
        """The approved text: what the jurist approved is what is sent."""
        parts = [self.paataenkt, self.sagsfremstilling, self.begrundelse, self.mulige_reaktioner,
                 str(self.hoeringsfrist_dage), str(self.invitation_dialogmoede or "")]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    @property
    def godkendelse_gyldig(self) -> bool:
        return self.status == AgterskrivelseStatus.GODKENDT and self.godkendt_hash == self.tekst_hash()

    def forventet_hoeringsfrist(self, today: dt.date | None = None) -> dt.date:
        from django.utils import timezone

        return (today or timezone.localdate()) + dt.timedelta(days=self.hoeringsfrist_dage)


@pghistory.track()
class Afgoerelse(models.Model):
    """A decision: påbud (optionally with skærpet tilsyn) or ophør af godkendelse (LOST §§ 5, 8)."""

    forloeb = models.ForeignKey(Dialogforloeb, on_delete=models.CASCADE, related_name="afgoerelser")
    agterskrivelse = models.ForeignKey(Agterskrivelse, on_delete=models.PROTECT, related_name="afgoerelser")
    art = models.CharField(max_length=20, choices=Afgoerelsestype.choices)
    tekst = models.TextField("påbuddets indhold", blank=True)
    opfyldelseskriterium = models.TextField("hvornår er påbuddet opfyldt", blank=True)
    begrundelse = models.TextField()
    frist = models.DateField("frist for påbuddet", null=True, blank=True)
    skaerpet_fra = models.DateField("skærpet tilsyn fra", null=True, blank=True)
    skaerpet_til = models.DateField("skærpet tilsyn til", null=True, blank=True)
    udstedt = models.DateField()
    udstedt_af = models.ForeignKey("tilsyn.User", on_delete=models.PROTECT, related_name="+")
    dokument_id = models.PositiveBigIntegerField(null=True, blank=True)
    skaerpet_dokument_id = models.PositiveBigIntegerField(null=True, blank=True)
    opfyldt = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-udstedt", "-pk"]
        verbose_name = "afgørelse"
        verbose_name_plural = "afgørelser"
        constraints = [
            models.CheckConstraint(
                condition=~Q(art=Afgoerelsestype.PAABUD) | (Q(frist__isnull=False) & ~Q(opfyldelseskriterium="")),
                name="paabud_har_frist_og_kriterium",
                violation_error_message="Et påbud skal have en frist og et opfyldelseskriterium.",
            ),
            models.CheckConstraint(
                condition=Q(skaerpet_til__isnull=True) | Q(art=Afgoerelsestype.PAABUD),
                name="skaerpet_kun_med_paabud",
                violation_error_message="Skærpet tilsyn kan kun træffes sammen med et påbud.",
            ),
            models.CheckConstraint(
                condition=Q(skaerpet_til__isnull=True) | Q(skaerpet_fra__isnull=False),
                name="skaerpet_har_periode",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} udstedt {self.udstedt:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return self.forloeb.get_absolute_url()

    @property
    def har_skaerpet(self) -> bool:
        return self.skaerpet_til is not None


@pghistory.track()
class Haendelse(models.Model):
    """A timeline row: every activity, transition, letter, approval and frist (who, when, why)."""

    forloeb = models.ForeignKey(Dialogforloeb, on_delete=models.CASCADE, related_name="haendelser")
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

    def __str__(self) -> str:
        return self.titel
