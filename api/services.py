"""Writes for API tokens: create (the plain token is returned once, only its sha256 is stored),
revoke, and authenticate a request's bearer token."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.utils import timezone

from tilsyn.dates import today as idag
from tilsyn.errors import Checks, DomainError, Forbidden
from tilsyn.models import User
from tilsyn.services import write

from .models import ApiToken

PRAEFIKS = "tls_"
# A token lives at most a year; a client that needs longer gets a new one (and the old one revoked).
MAKS_DAGE = 365
STANDARD_DAGE = 90
MAKS_AKTIVE = 10
# Writing "last used" on every request would turn every read into a write: at most once a minute.
SIDST_BRUGT_INTERVAL = dt.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def token_create(*, actor: User, user: User, navn: str, udloeber: dt.date | None) -> tuple[ApiToken, str]:
    """A new token for ``user``. Returns the row and the plain token, which is never shown again."""
    if not actor.has_perm("api.manage_apitoken", None) or (actor.pk != user.pk and not actor.is_staff):
        raise Forbidden("Du kan kun oprette API-nøgler til dig selv.")
    if not user.has_perm("api.use_api", None):
        raise Forbidden("Brugeren har ingen rolle i et socialtilsyn og kan ikke bruge API'et.")
    navn = (navn or "").strip()
    today = idag()
    checks = Checks()
    checks.require(bool(navn), "navn", "Skriv hvad nøglen skal bruges til.")
    checks.require(len(navn) <= 100, "navn", "Beskrivelsen må højst være 100 tegn.")
    if udloeber is None:
        checks.add("udloeber", "Angiv hvornår nøglen udløber.")
    else:
        checks.require(udloeber >= today, "udloeber", "Udløbsdatoen kan ikke ligge før i dag.")
        checks.require(udloeber <= today + dt.timedelta(days=MAKS_DAGE), "udloeber",
                       f"En API-nøgle kan højst gælde {MAKS_DAGE} dage.")
    checks.raise_if_any()
    with write(actor):
        # Lock the user row so two simultaneous requests cannot both pass the limit.
        User.objects.select_for_update().filter(pk=user.pk).first()
        aktive = ApiToken.objects.filter(user=user, tilbagekaldt__isnull=True, udloeber__gte=today).count()
        if aktive >= MAKS_AKTIVE:
            raise DomainError(f"Der kan højst være {MAKS_AKTIVE} aktive API-nøgler pr. bruger. Tilbagekald en, "
                              "der ikke bruges.")
        raw = PRAEFIKS + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(user=user, navn=navn, praefiks=raw[:12], noegle_hash=hash_token(raw),
                                        oprettet_af=actor, udloeber=udloeber)
    return token, raw


def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if not actor.has_perm("api.manage_apitoken", token):
        raise Forbidden("Du kan kun tilbagekalde dine egne API-nøgler.")
    with write(actor):
        updated = ApiToken.objects.filter(pk=token.pk, tilbagekaldt__isnull=True).update(
            tilbagekaldt=timezone.now(), tilbagekaldt_af=actor)
        if not updated:
            raise DomainError("API-nøglen er allerede tilbagekaldt.")
    token.refresh_from_db()
    return token


@dataclass
class Afvisning:
    """Why a bearer token was refused (the 401's Danish message)."""

    besked: str


MANGLER = "Angiv en API-nøgle i headeren »Authorization: Bearer <nøgle>«."
UKENDT = "API-nøglen er ugyldig."
UDLOEBET = "API-nøglen er udløbet."
TILBAGEKALDT = "API-nøglen er tilbagekaldt."
INAKTIV = "Brugeren bag API-nøglen er deaktiveret."


def token_authenticate(raw: str | None) -> User | Afvisning:
    """The user a bearer token acts as, or why it is refused."""
    raw = (raw or "").strip()
    if not raw:
        return Afvisning(MANGLER)
    if not raw.startswith(PRAEFIKS) or len(raw) > 200:
        return Afvisning(UKENDT)
    token = ApiToken.objects.select_related("user", "user__socialtilsyn").filter(noegle_hash=hash_token(raw)).first()
    if token is None:
        return Afvisning(UKENDT)
    if token.tilbagekaldt:
        return Afvisning(TILBAGEKALDT)
    if token.er_udloebet():
        return Afvisning(UDLOEBET)
    if not token.user.is_active:
        return Afvisning(INAKTIV)
    now = timezone.now()
    if token.sidst_brugt is None or now - token.sidst_brugt > SIDST_BRUGT_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(sidst_brugt=now)
    return token.user
