"""Matching or creating the Tilsyn user for a login through a socialtilsyn's identity provider.

The identity provider is the source of truth for who works where and in which role: the user belongs to
the provider's socialtilsyn, and the roles are set from the claims (groups or app roles, mapped per
socialtilsyn) at every login. Nothing is decided by e-mail alone after the first login."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from tilsyn.errors import DomainError
from tilsyn.models import Rolle, Socialtilsyn, User

from .models import SsoIdentitet
from .providers import Provider

logger = logging.getLogger(__name__)

INGEN_ROLLE = ("Din bruger hos {navn} giver ingen rolle i Tilsyn (konsulent, jurist eller leder). Bed din "
               "administrator om at give dig adgang.")
ANDET_TILSYN = ("Der findes allerede en bruger med din e-mailadresse i et andet socialtilsyn. Kontakt administrator, "
                "så brugeren kan flyttes.")
INAKTIV = "Din bruger i Tilsyn er deaktiveret. Kontakt administrator."
MANGLER_SUB = "Identitetsudbyderen sendte ingen entydig identitet (sub). Kontakt administrator."


class SsoAfvist(DomainError):
    """A login through single sign-on that Tilsyn refuses (shown on the login page)."""


def _username(claims: dict, provider: Provider, sub: str) -> str:
    base = (claims.get("preferred_username") or claims.get("email") or f"{provider.slug}-{sub}")[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def bruger_fra_claims(*, provider: Provider, claims: dict) -> User:
    sub = str(claims.get("sub") or "").strip()
    if not sub or len(sub) > 255:
        raise SsoAfvist(MANGLER_SUB)
    roller = provider.roller_fra(claims)
    if not roller:
        raise SsoAfvist(INGEN_ROLLE.format(navn=provider.navn))
    socialtilsyn = Socialtilsyn.objects.get(slug=provider.slug)
    email = str(claims.get("email") or "").strip()[:254]
    with transaction.atomic():
        identitet = SsoIdentitet.objects.select_for_update().select_related("user").filter(
            provider=provider.slug, sub=sub).first()
        if identitet is not None:
            user = identitet.user
        else:
            user = _first_login(provider, socialtilsyn, claims, sub, email)
            identitet = SsoIdentitet.objects.create(user=user, provider=provider.slug, sub=sub)
        if user.socialtilsyn_id != socialtilsyn.pk:
            raise SsoAfvist(ANDET_TILSYN)
        if not user.is_active:
            raise SsoAfvist(INAKTIV)
        for rolle in Rolle.values:
            setattr(user, f"is_{rolle}", rolle in roller)
        user.first_name = str(claims.get("given_name") or user.first_name)[:150]
        user.last_name = str(claims.get("family_name") or user.last_name)[:150]
        user.email = email or user.email
        user.save(update_fields=["is_konsulent", "is_jurist", "is_leder", "first_name", "last_name", "email"])
        identitet.sidst_logget_ind = timezone.now()
        identitet.save(update_fields=["sidst_logget_ind"])
    return user


def _first_login(provider: Provider, socialtilsyn: Socialtilsyn, claims: dict, sub: str, email: str) -> User:
    """The first login: the existing user with this e-mail in the same socialtilsyn, or a new user."""
    if email:
        matches = list(User.objects.filter(email__iexact=email))
        if any(u.socialtilsyn_id != socialtilsyn.pk for u in matches):
            raise SsoAfvist(ANDET_TILSYN)
        if len(matches) == 1:
            logger.info("SSO: %s knyttet til eksisterende bruger %s", sub, matches[0].username)
            return matches[0]
        if len(matches) > 1:
            raise SsoAfvist("Flere brugere har din e-mailadresse. Kontakt administrator.")
    user = User(username=_username(claims, provider, sub), email=email, socialtilsyn=socialtilsyn)
    user.set_unusable_password()
    user.save()
    logger.info("SSO: ny bruger %s oprettet for %s", user.username, socialtilsyn.slug)
    return user
