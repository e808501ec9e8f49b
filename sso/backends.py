"""Authentication backends: local passwords (switchable) and OpenID Connect per socialtilsyn.

mozilla-django-oidc does the protocol (authorization code flow with PKCE and nonce, the token request,
the ID token's signature against the provider's JWKS, the userinfo call). It is configured for one
provider through settings; here each login's provider comes from the request (sso.views put it there),
and its endpoints from that provider's discovery document."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .providers import DiscoveryError, discovery
from .services import SsoAfvist, bruger_fra_claims

logger = logging.getLogger(__name__)


class LocalPasswordBackend(ModelBackend):
    """Django's username/password login, unless LOCAL_LOGIN is off (then only single sign-on logs in).
    Permissions are still answered here either way."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not getattr(settings, "LOCAL_LOGIN", True):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class SocialtilsynOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # The endpoints are the provider's, set per login in authenticate() (not global settings).
        self.UserModel = get_user_model()
        self.provider = None

    def get_settings(self, attr, *args):
        if attr == "OIDC_RP_SCOPES" and self.provider is not None:
            return self.provider.scopes
        return super().get_settings(attr, *args)

    def authenticate(self, request, **kwargs):
        provider = getattr(request, "sso_provider", None) if request is not None else None
        if provider is None or "code" not in request.GET:
            return None
        try:
            doc = discovery(provider)
        except DiscoveryError as exc:
            request.session["sso_fejl"] = str(exc)
            return None
        self.provider = provider
        self.issuer = doc["issuer"].rstrip("/")
        self.OIDC_OP_TOKEN_ENDPOINT = doc["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = doc["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = doc["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            return super().authenticate(request, **kwargs)
        except SsoAfvist as exc:
            request.session["sso_fejl"] = exc.message
        except Exception as exc:  # network, token or signature problems: refused, never a 500
            logger.warning("SSO-login via %s mislykkedes: %s", provider.slug, exc)
            request.session["sso_fejl"] = f"Login via {provider.navn} mislykkedes. Prøv igen."
        return None

    def verify_token(self, token, **kwargs):
        """The library checks signature, expiry and nonce; the issuer and audience are checked here."""
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the ID token (userinfo may also arrive as a JWT)
            aud = payload.get("aud")
            auds = aud if isinstance(aud, list) else [aud]
            if str(payload.get("iss", "")).rstrip("/") != self.issuer or self.OIDC_RP_CLIENT_ID not in auds:
                raise SuspiciousOperation("ID-tokenets udsteder eller modtager passer ikke.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("Userinfo og ID-token angår ikke samme bruger.")
        return bruger_fra_claims(provider=self.provider, claims=claims)
