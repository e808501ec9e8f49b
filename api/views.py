"""The user's page for API tokens: create one (shown once) and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tilsyn.errors import DomainError, add_to_form

from . import selectors, services
from .forms import TokenForm


@require_http_methods(["GET", "POST"])
def tokens(request):
    if not request.user.has_perm("api.manage_apitoken", None):
        raise PermissionDenied
    form = TokenForm(request.POST or None)
    ny = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.token_create(actor=request.user, user=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            # Rendered straight into this response, never through messages (they may live in a cookie).
            ny = {"token": token, "raw": raw}
            form = TokenForm()
    response = render(request, "api/tokens.html", {
        "form": form, "ny": ny, "tokens": selectors.tokens_for(request.user),
    })
    if ny:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke(request, pk: int):
    token = selectors.token_detail(request.user, pk)
    try:
        services.token_revoke(actor=request.user, token=token)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"API-nøglen »{token.navn}« er tilbagekaldt og virker ikke længere.")
    return redirect("api:tokens")
