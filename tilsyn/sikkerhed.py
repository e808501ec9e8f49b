"""Request-level safeguards: nothing personal is cached, and sessions end on their own.

Static files never reach these (WhiteNoise answers them further up the middleware stack).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

# Session keys: when the user logged in and when we last saw a request from them (epoch seconds).
LOGIN_AT = "_tilsyn_login_at"
SEEN_AT = "_tilsyn_seen_at"
# Writing the session on every request would be a database write per page: refresh at most this often.
SEEN_GRANULARITY = 60


class NoStoreMiddleware:
    """Every page and file the app itself answers carries ``Cache-Control: no-store``: they show
    personal data (lists, case pages, PDFs), and a shared or back-button cache must not keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):  # a view's own no-store stands as it is
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private, max-age=0
        return response


# A response that our own pages may frame (X-Frame-Options: SAMEORIGIN, from the view's
# @xframe_options_sameorigin) is a document preview, e.g. a draft letter beside its editor: it gets a
# document policy instead of the page policy - no script at all, its own inline <style> (the letter
# template's, shared with the PDF), framed only by us.
FRAMED_DOCUMENT_POLICY = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}


class FramedDocumentPolicyMiddleware:
    """Below CSPMiddleware, so the policy is chosen before django-csp writes the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("X-Frame-Options") == "SAMEORIGIN":
            response._csp_config = FRAMED_DOCUMENT_POLICY
        return response


def _timed_out(session, now: float) -> str | None:
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if login_at is not None and now - login_at > settings.SESSION_MAX_SECONDS:
        hours = settings.SESSION_MAX_SECONDS // 3600
        return f"Du er blevet logget af, fordi du har været logget ind i mere end {hours} timer. Log ind igen."
    if seen_at is not None and now - seen_at > settings.SESSION_IDLE_SECONDS:
        minutes = settings.SESSION_IDLE_SECONDS // 60
        return f"Du er blevet logget af efter {minutes} minutter uden aktivitet. Log ind igen."
    return None


class SessionTimeoutMiddleware:
    """Logs a user out after ``SESSION_IDLE_SECONDS`` without a request, and at the latest
    ``SESSION_MAX_SECONDS`` after login. (The cookie itself lasts until the browser closes:
    SESSION_EXPIRE_AT_BROWSER_CLOSE.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            reason = _timed_out(session, now)
            if reason:
                logout(request)
                messages.info(request, reason)
                login_url = f"{reverse(settings.LOGIN_URL)}"
                if request.headers.get("HX-Request") == "true":
                    # A partial would otherwise swap the login page into the middle of a page.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = login_url
                    return response
                if request.method == "GET":
                    from django.contrib.auth.views import redirect_to_login

                    return redirect_to_login(request.get_full_path(), login_url)
                return redirect(login_url)
            if LOGIN_AT not in session:
                session[LOGIN_AT] = now  # sessions from before this setting: count from now
            if now - session.get(SEEN_AT, 0) >= SEEN_GRANULARITY:
                session[SEEN_AT] = now
        return self.get_response(request)


def mark_login(sender, request, user, **kwargs):
    """user_logged_in receiver: the clock for SESSION_MAX_SECONDS starts at login."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now
