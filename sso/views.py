"""Login pages: the local login (with a button per configured identity provider), the start of a single
sign-on login at a socialtilsyn's provider, its callback, and the page that says why a login was refused."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .providers import DiscoveryError, discovery, provider, providers

MAKS_AABNE = 10  # login attempts remembered per browser session (state → provider)


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's login, with the single sign-on buttons; without a password form when LOCAL_LOGIN is off."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sso_providers": list(providers().values()),
                "local_login": settings.LOCAL_LOGIN}

    def post(self, request, *args, **kwargs):
        if not settings.LOCAL_LOGIN:
            return HttpResponseNotAllowed(["GET"])
        return super().post(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class SsoLoginView(OIDCAuthenticationRequestView):
    """Send the browser to the socialtilsyn's identity provider (authorization code flow, PKCE, nonce)."""

    def __init__(self, *args, **kwargs):  # endpoints per provider, not from global settings
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.provider = None

    def get_settings(self, attr, *args):
        if attr == "OIDC_RP_SCOPES" and self.provider is not None:
            return self.provider.scopes
        return super().get_settings(attr, *args)

    def get(self, request, slug: str):
        self.provider = provider(slug)
        if self.provider is None:
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = discovery(self.provider)["authorization_endpoint"]
        except DiscoveryError as exc:
            request.session["sso_fejl"] = str(exc)
            return redirect("sso:fejl")
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response.url).query)["state"][0]
        states = dict(list(request.session.get("sso_states", {}).items())[-(MAKS_AABNE - 1):])
        request.session["sso_states"] = {**states, state: slug}
        return response


@method_decorator(login_not_required, name="dispatch")
class SsoCallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here; the backend (sso.backends) does the rest."""

    @property
    def failure_url(self):
        return reverse("sso:fejl")

    def get(self, request):
        slug = request.session.get("sso_states", {}).get(request.GET.get("state", ""))
        request.sso_provider = provider(slug) if slug else None
        if request.sso_provider is None and "code" in request.GET:
            request.session["sso_fejl"] = "Loginforsøget er udløbet eller ukendt. Prøv igen."
            return self.login_failure()
        return super().get(request)


@login_not_required
def fejl(request):
    besked = request.session.pop("sso_fejl", None) or "Login via single sign-on mislykkedes. Prøv igen."
    return render(request, "sso/fejl.html", {"besked": besked, "sso_providers": list(providers().values()),
                                             "local_login": settings.LOCAL_LOGIN}, status=403)
