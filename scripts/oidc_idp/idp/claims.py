"""The claims the stand-in IdP gives: the standard profile and e-mail, and the user's groups (scope
``groups``), as Entra ID gives group claims. Tilsyn maps groups to roles per socialtilsyn."""

from django.utils.translation import gettext_lazy as _
from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims, user):
    claims["name"] = user.get_full_name() or user.username
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["preferred_username"] = user.username
    claims["email"] = user.email
    claims["email_verified"] = True
    return claims


class TilsynClaims(ScopeClaims):
    info_groups = (_("Grupper"), _("Dine grupper i organisationen."))

    def scope_groups(self):
        return {"groups": sorted(self.user.groups.values_list("name", flat=True))}
