"""Personal data: who looked at what (the access log), and which closed cases were anonymised."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class AdgangsLog(models.Model):
    """One view of personal data: who, when, which object, from which IP (GDPR art. 32 logging).
    Written by persondata.middleware for the views in the registry; never changed; deleted after
    ADGANGSLOG_DAGE days by the nightly clean-up."""

    tidspunkt = models.DateTimeField(default=timezone.now)
    bruger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    # Kept as text too, so the row still says who it was if the user is ever removed.
    brugernavn = models.CharField(max_length=150)
    objekt_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="objekttype")
    objekt_id = models.PositiveBigIntegerField("objekt-id")
    visning = models.CharField(max_length=100, help_text="Siden (URL-navnet), fx plejefamilie_detail.")
    sti = models.CharField(max_length=500)
    ip = models.GenericIPAddressField("IP-adresse", null=True, blank=True)

    class Meta:
        ordering = ["-tidspunkt", "-pk"]
        verbose_name = "opslag i persondata"
        verbose_name_plural = "adgangslog"
        indexes = [
            models.Index(fields=["objekt_type", "objekt_id", "-tidspunkt"], name="adgangslog_objekt_idx"),
            models.Index(fields=["bruger", "-tidspunkt"], name="adgangslog_bruger_idx"),
            models.Index(fields=["tidspunkt"], name="adgangslog_tid_idx"),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.tidspunkt)
        return f"{self.brugernavn} · {self.objekt_type.name} {self.objekt_id} · {when:%d.%m.%Y %H:%M}"


class Anonymisering(models.Model):
    """A closed case whose personal data was blanked after the retention period (and the marker
    that stops it from being done twice)."""

    objekt_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="objekttype")
    objekt_id = models.PositiveBigIntegerField("objekt-id")
    regel = models.CharField(max_length=50, help_text="Den registrerede anonymisering, der blev brugt.")
    tidspunkt = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-tidspunkt", "-pk"]
        verbose_name = "anonymisering"
        verbose_name_plural = "anonymiseringer"
        constraints = [
            models.UniqueConstraint(fields=["objekt_type", "objekt_id"], name="anonymisering_once"),
        ]

    def __str__(self) -> str:
        return f"{self.objekt_type.name} {self.objekt_id} ({self.regel})"
