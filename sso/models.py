"""Which identity at which provider is which Tilsyn user. A user is matched on (provider, sub) after the
first login, never again on e-mail alone (an e-mail address can be reassigned; a subject cannot)."""

from django.db import models


class SsoIdentitet(models.Model):
    user = models.ForeignKey("tilsyn.User", on_delete=models.CASCADE, related_name="sso_identiteter",
                             verbose_name="bruger")
    provider = models.SlugField("identitetsudbyder (socialtilsyn)")
    sub = models.CharField("subject (sub)", max_length=255)
    oprettet = models.DateTimeField(auto_now_add=True)
    sidst_logget_ind = models.DateTimeField("sidst logget ind", null=True, blank=True)

    class Meta:
        verbose_name = "SSO-identitet"
        verbose_name_plural = "SSO-identiteter"
        constraints = [models.UniqueConstraint(fields=["provider", "sub"], name="sso_identitet_unik")]

    def __str__(self) -> str:
        return f"{self.provider}: {self.sub}"
