"""The identity providers, one per socialtilsyn, configured from the environment (settings.SSO_PROVIDERS):

    SSO_PROVIDERS=hovedstaden,syd                       the socialtilsyn (slugs) that log in with SSO
    SSO_HOVEDSTADEN_ISSUER=https://login.microsoftonline.com/<tenant>/v2.0
    SSO_HOVEDSTADEN_CLIENT_ID=...   SSO_HOVEDSTADEN_CLIENT_SECRET=...
    SSO_HOVEDSTADEN_NAVN="Frederiksberg Kommunes login"    (the button's label; optional)
    SSO_HOVEDSTADEN_SCOPES="openid email profile"          (optional)
    SSO_HOVEDSTADEN_ROLLE_CLAIM=groups                     (the claim that carries groups or app roles)
    SSO_HOVEDSTADEN_ROLLER="konsulent=<gruppe>|<gruppe>,jurist=<gruppe>,leder=<gruppe>"

Endpoints and keys come from the issuer's discovery document (/.well-known/openid-configuration),
fetched when someone logs in and kept for an hour."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import requests
from django.conf import settings

from tilsyn.models import Rolle, Socialtilsyn

logger = logging.getLogger(__name__)
DISCOVERY_TTL = 3600


@dataclass(frozen=True)
class Provider:
    slug: str
    navn: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str = "openid email profile"
    rolle_claim: str = "groups"
    roller: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def knap(self) -> str:
        return f"Log ind med {self.navn}"

    def roller_fra(self, claims: dict) -> set[str]:
        """The Tilsyn roles the claims give (a group or app role mapped in SSO_<SLUG>_ROLLER)."""
        values = claims.get(self.rolle_claim) or []
        if isinstance(values, str):
            values = values.split()
        values = {str(v) for v in values}
        return {rolle for rolle, grupper in self.roller.items() if values & grupper}


def _parse_roller(spec: str) -> dict[str, frozenset[str]]:
    roller: dict[str, frozenset[str]] = {}
    for part in (spec or "").split(","):
        rolle, _, grupper = part.partition("=")
        rolle = rolle.strip()
        if rolle in Rolle.values and grupper.strip():
            roller[rolle] = frozenset(g.strip() for g in grupper.split("|") if g.strip())
    return roller


def providers() -> dict[str, Provider]:
    """The configured providers whose socialtilsyn exists; an incomplete configuration is skipped (logged)."""
    configured = getattr(settings, "SSO_PROVIDERS", {}) or {}
    if not configured:
        return {}
    navne = dict(Socialtilsyn.objects.filter(slug__in=list(configured)).values_list("slug", "navn"))
    out = {}
    for slug, cfg in configured.items():
        if slug not in navne or not (cfg.get("issuer") and cfg.get("client_id") and cfg.get("client_secret")):
            logger.warning("Single sign-on for %s er ikke fuldt konfigureret og vises ikke.", slug)
            continue
        out[slug] = Provider(slug=slug, navn=cfg.get("navn") or f"{navne[slug]}s login", issuer=cfg["issuer"].rstrip("/"),
                             client_id=cfg["client_id"], client_secret=cfg["client_secret"],
                             scopes=cfg.get("scopes") or "openid email profile",
                             rolle_claim=cfg.get("rolle_claim") or "groups", roller=_parse_roller(cfg.get("roller", "")))
    return out


def provider(slug: str) -> Provider | None:
    return providers().get(slug)


class DiscoveryError(Exception):
    pass


_discovery: dict[str, tuple[float, dict]] = {}


def discovery(p: Provider) -> dict:
    """The issuer's OpenID configuration (cached). Its issuer must be the one configured."""
    cached = _discovery.get(p.issuer)
    if cached and time.monotonic() - cached[0] < DISCOVERY_TTL:
        return cached[1]
    try:
        response = requests.get(f"{p.issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        doc = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise DiscoveryError(f"{p.navn} kan ikke nås lige nu.") from exc
    if str(doc.get("issuer", "")).rstrip("/") != p.issuer:
        raise DiscoveryError(f"{p.navn} svarer med en anden udsteder end den konfigurerede.")
    _discovery[p.issuer] = (time.monotonic(), doc)
    return doc
