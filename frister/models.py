"""The deadline engine: every frist in the system is a row here (architecture principle 2).

A ``Frist`` belongs to an *owner* (the obligation: an Agterskrivelse, a Paabud, a Tilsynsbesoeg or the
Enhed itself) and optionally a *sag* (the case it arises in, e.g. a Dialogforloeb). It has *rungs*
(``FristTrin``): reminders before the due date and an escalation when it passes. The sweeper claims
each due rung with a row lock (SKIP LOCKED) and marks it fired in the same transaction as the
notifications it writes, so every rung fires exactly once.
"""

from __future__ import annotations

import datetime as dt

import pghistory
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class FristArt(models.TextChoices):
    BESOEG = "besoeg", "Besøgsfrist"
    HOERING = "hoering", "Høringsfrist"
    REDEGOERELSE = "redegoerelse", "Redegørelsesfrist"
    PAABUD = "paabud", "Påbudsfrist"
    SKAERPET_TILSYN = "skaerpet_tilsyn", "Skærpet tilsyn udløber"
    ANDET = "andet", "Frist"


class FristStatus(models.TextChoices):
    AABEN = "aaben", "Åben"
    OPFYLDT = "opfyldt", "Opfyldt"
    OVERSKREDET = "overskredet", "Overskredet"
    ANNULLERET = "annulleret", "Annulleret"


# Open obligations: still to be met (an overdue frist is still open, and in the leader's queue).
AKTIVE_STATUSSER = (FristStatus.AABEN, FristStatus.OVERSKREDET)


class Dagtype(models.TextChoices):
    KALENDER = "kalender", "Kalenderdage"
    ARBEJDSDAGE = "arbejdsdage", "Arbejdsdage"


# Days before the due date (working days) at which the responsible user is reminded, per kind.
# Overridden per kind by a FristRegel row (edited in the admin).
DEFAULT_PAAMINDELSER: dict[str, list[int]] = {
    FristArt.BESOEG: [20, 5],
    FristArt.HOERING: [5, 1],
    FristArt.REDEGOERELSE: [7, 2],
    FristArt.PAABUD: [7, 2],
    FristArt.SKAERPET_TILSYN: [10, 3],
    FristArt.ANDET: [7, 2],
}

# Soon = within this many days the status shows as "forfalder snart".
SNART_DAGE = 7


class FristRegel(models.Model):
    """Reminder defaults for one kind of frist (admin-editable). Missing kinds use DEFAULT_PAAMINDELSER."""

    art = models.CharField(max_length=20, choices=FristArt.choices, unique=True)
    paamindelser = ArrayField(
        models.PositiveSmallIntegerField(), default=list, blank=True,
        verbose_name="påmindelser (arbejdsdage før fristen)",
        help_text="Kommasepareret, fx 7,2. Tom: ingen påmindelser.",
    )
    eskaler = models.BooleanField("eskalér til leder ved overskridelse", default=True)

    class Meta:
        verbose_name = "påmindelsesregel"
        verbose_name_plural = "påmindelsesregler"
        ordering = ["art"]

    def __str__(self) -> str:
        return f"{self.get_art_display()}: {', '.join(map(str, self.paamindelser)) or 'ingen'}"


@pghistory.track()
class Frist(models.Model):
    enhed = models.ForeignKey("tilsyn.Enhed", on_delete=models.CASCADE, related_name="frister")
    owner_ct = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_ct", "owner_id")
    sag_ct = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    sag_id = models.PositiveBigIntegerField(null=True, blank=True)
    sag = GenericForeignKey("sag_ct", "sag_id")
    art = models.CharField(max_length=20, choices=FristArt.choices, default=FristArt.ANDET)
    titel = models.CharField(max_length=200, blank=True)
    frist = models.DateField("frist")
    dagtype = models.CharField(max_length=12, choices=Dagtype.choices, default=Dagtype.KALENDER)
    ansvarlig = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="frister",
    )
    status = models.CharField(max_length=12, choices=FristStatus.choices, default=FristStatus.AABEN)
    oprindelig_frist = models.DateField("oprindelig frist")
    overskredet = models.DateTimeField(null=True, blank=True)
    suspenderet = models.DateField("suspenderet siden", null=True, blank=True)
    afsluttet = models.DateTimeField(null=True, blank=True)
    afsluttet_af = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    afsluttet_note = models.TextField(blank=True)
    oprettet = models.DateTimeField(default=timezone.now)
    opdateret = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["frist", "pk"]
        verbose_name = "frist"
        verbose_name_plural = "frister"
        indexes = [
            models.Index(fields=["owner_ct", "owner_id"], name="frist_owner_idx"),
            models.Index(fields=["sag_ct", "sag_id"], name="frist_sag_idx"),
            models.Index(fields=["enhed", "status", "frist"], name="frist_enhed_idx"),
            models.Index(fields=["ansvarlig", "status", "frist"], name="frist_ansvarlig_idx"),
            models.Index(fields=["status", "frist"], name="frist_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(sag_ct__isnull=True, sag_id__isnull=True) | Q(sag_ct__isnull=False, sag_id__isnull=False),
                name="frist_sag_both_or_none",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[FristStatus.AABEN, FristStatus.OVERSKREDET]) | Q(afsluttet__isnull=False),
                name="frist_afsluttet_har_tid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titel or self.get_art_display()} ({self.frist:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("frister:detail", args=[self.pk])

    @property
    def er_aktiv(self) -> bool:
        return self.status in AKTIVE_STATUSSER

    @property
    def visningstitel(self) -> str:
        return self.titel or self.get_art_display()

    def dage_tilbage(self, today: dt.date | None = None) -> int:
        return (self.frist - (today or timezone.localdate())).days

    def badge(self, today: dt.date | None = None) -> tuple[str, str]:
        """(css class, word) for the status: colour never alone."""
        if self.status in AKTIVE_STATUSSER and self.suspenderet:
            return "", "Suspenderet"
        if self.status == FristStatus.AABEN:
            days = self.dage_tilbage(today)
            if days < 0:
                return "badge-error", "Overskredet"
            if days <= SNART_DAGE:
                return "badge-warning", "Forfalder snart"
            return "badge-info", "Åben"
        return {
            FristStatus.OVERSKREDET: ("badge-error", "Overskredet"),
            FristStatus.OPFYLDT: ("badge-success", "Opfyldt"),
            FristStatus.ANNULLERET: ("", "Annulleret"),
        }[self.status]


class AendringArt(models.TextChoices):
    FORLAENGET = "forlaenget", "Forlænget"
    SUSPENDERET = "suspenderet", "Suspenderet"
    GENOPTAGET = "genoptaget", "Genoptaget"


class FristAendring(models.Model):
    """One extension or suspension of a frist, with the reason and who decided (LOST § 8, stk. 2)."""

    frist = models.ForeignKey(Frist, on_delete=models.CASCADE, related_name="aendringer")
    kind = models.CharField("art", max_length=12, choices=AendringArt.choices)
    gammel_frist = models.DateField("tidligere frist")
    ny_frist = models.DateField("ny frist")
    begrundelse = models.TextField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name="besluttet af")
    tidspunkt = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["tidspunkt", "pk"]
        verbose_name = "fristændring"
        verbose_name_plural = "fristændringer"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.gammel_frist:%d.%m.%Y} → {self.ny_frist:%d.%m.%Y}"


class TrinArt(models.TextChoices):
    PAAMINDELSE = "paamindelse", "Påmindelse"
    ESKALERING = "eskalering", "Eskalering"


class TrinStatus(models.TextChoices):
    VENTER = "venter", "Venter"
    UDFOERT = "udfoert", "Udført"
    ANNULLERET = "annulleret", "Annulleret"
    SPRUNGET_OVER = "sprunget_over", "Sprunget over"


class FristTrin(models.Model):
    """One rung of a frist: a reminder ``dage_foer`` working days before, or the escalation after it.

    A rung fires once: the sweeper locks it (FOR UPDATE SKIP LOCKED), writes its notifications and
    sets ``status=udfoert`` in one transaction. Extending a frist cancels its waiting rungs and
    writes new ones for the new date; fired rungs stay as the record of what was sent.
    """

    frist = models.ForeignKey(Frist, on_delete=models.CASCADE, related_name="trin")
    kind = models.CharField("art", max_length=12, choices=TrinArt.choices)
    dage_foer = models.PositiveSmallIntegerField(default=0)
    forfalder = models.DateField("udløses")
    status = models.CharField(max_length=14, choices=TrinStatus.choices, default=TrinStatus.VENTER)
    udfoert = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["forfalder", "pk"]
        verbose_name = "fristtrin"
        verbose_name_plural = "fristtrin"
        indexes = [
            # The sweeper's query: waiting rungs due by today. Partial, so it stays small.
            models.Index(fields=["forfalder", "id"], condition=Q(status="venter"), name="fristtrin_venter_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.forfalder:%d.%m.%Y}"


class Notifikation(models.Model):
    """An in-app notification (the bell), e-mailed once after commit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikationer")
    titel = models.CharField(max_length=200)
    tekst = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    frist = models.ForeignKey(Frist, on_delete=models.CASCADE, null=True, blank=True, related_name="notifikationer")
    trin = models.ForeignKey(FristTrin, on_delete=models.CASCADE, null=True, blank=True, related_name="notifikationer")
    oprettet = models.DateTimeField(default=timezone.now)
    laest = models.DateTimeField("læst", null=True, blank=True)
    email_sendt = models.DateTimeField("e-mail sendt", null=True, blank=True)

    class Meta:
        ordering = ["-oprettet", "-pk"]
        verbose_name = "notifikation"
        verbose_name_plural = "notifikationer"
        indexes = [models.Index(fields=["user", "laest"], name="notifikation_user_idx")]
        constraints = [
            # Belt and braces for exactly-once: one notification per user per fired rung.
            models.UniqueConstraint(fields=["trin", "user"], condition=Q(trin__isnull=False),
                                    name="notifikation_once_per_trin_user"),
        ]

    def __str__(self) -> str:
        return self.titel


class EmailStatus(models.TextChoices):
    VENTER = "venter", "Venter"
    SENDT = "sendt", "Sendt"


class Email(models.Model):
    """An e-mail in the outbox (frister/outbox.py). Written in the same transaction as the event that
    causes it, so it exists exactly when the event does; delivered by the beat-driven outbox sweep,
    retried with backoff until the mail server accepts it, and marked sent exactly once."""

    notifikation = models.OneToOneField(Notifikation, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="email")
    modtager = models.EmailField(max_length=254)
    emne = models.CharField(max_length=200)
    tekst = models.TextField()
    status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.VENTER)
    oprettet = models.DateTimeField(default=timezone.now)
    naeste_forsoeg = models.DateTimeField("næste forsøg", default=timezone.now)
    forsoeg = models.PositiveIntegerField("forsøg", default=0)
    sidste_fejl = models.TextField("seneste fejl", blank=True)
    sendt = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-oprettet", "-pk"]
        verbose_name = "e-mail i udbakken"
        verbose_name_plural = "udbakke (e-mails)"
        indexes = [
            # The outbox sweep's query: waiting e-mails whose next attempt is due. Partial, so it stays small.
            models.Index(fields=["naeste_forsoeg", "id"], condition=Q(status="venter"), name="email_venter_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status="venter") | Q(sendt__isnull=False), name="email_sendt_har_tid"),
        ]

    def __str__(self) -> str:
        return f"{self.emne} → {self.modtager}"


class Koersel(models.Model):
    """When a beat task last completed (shown by /healthz: a stopped worker or beat shows as age)."""

    navn = models.CharField(max_length=100, unique=True)
    seneste = models.DateTimeField()

    class Meta:
        verbose_name = "kørsel"
        verbose_name_plural = "kørsler"

    def __str__(self) -> str:
        return self.navn
