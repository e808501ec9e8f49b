"""Thin views: parse the request, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from tilsyn.errors import DomainError, add_to_form

from . import selectors, services
from .forms import OverblikFilterForm, RisikovurderingForm
from .models import Fase


@require_http_methods(["GET", "POST"])
def vurder(request, enhed_pk: int):
    enhed = selectors.enhed_for(request.user, enhed_pk)
    if not request.user.has_perm("risiko.add_risikovurdering", enhed):
        raise PermissionDenied
    historik = selectors.historik_for_enhed(request.user, enhed)
    initial = {"fase": request.GET.get("fase") if request.GET.get("fase") in Fase.values else Fase.PRAE}
    if kv := request.GET.get("kvalitetsvurdering"):
        initial["kvalitetsvurdering"] = kv if kv.isdigit() else None
    form = RisikovurderingForm(request.POST or None, initial=initial, user=request.user, enhed=enhed,
                               forrige=historik[0] if historik else None)
    if request.method == "POST" and form.is_valid():
        try:
            vurdering = services.risikovurdering_create(actor=request.user, enhed=enhed, **form.service_kwargs())
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            aendret = (f"Risikokategorien er ændret fra {vurdering.get_forrige_kategori_display().lower()} til "
                       f"{vurdering.get_kategori_display().lower()}." if vurdering.forrige_kategori
                       and vurdering.kategori_aendret else f"Risikokategorien er {vurdering.get_kategori_display().lower()}.")
            messages.success(request, f"{vurdering.fase_kort}-vurderingen er gemt. {aendret}")
            return redirect(reverse(f"{enhed.art}_tab", args=[enhed.pk, "risiko"]))
    return render(request, "risiko/vurder.html", {
        "form": form, "enhed": enhed, "forrige": historik[0] if historik else None,
        "intervaller": selectors.foreslaaede_intervaller(request.user),
    })


def vurdering_detail(request, pk: int):
    vurdering = selectors.vurdering_detail(request.user, pk)
    return render(request, "risiko/vurdering_detail.html", {"vurdering": vurdering, "enhed": vurdering.enhed})


def overblik(request):
    if not request.user.has_perm("risiko.view_risikooverblik", None):
        raise PermissionDenied
    form = OverblikFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    filters["sort"] = request.GET.get("sort") or ""
    data = selectors.risikooverblik(request.user, filters)
    page = Paginator(data.enheder, 25).get_page(request.GET.get("page"))
    forslag = selectors.aabne_forslag_for(request.user) if request.user.is_leder else None
    return render(request, "risiko/overblik.html", {
        "filter_form": form, "data": data, "page_obj": page, "trend": selectors.trend_graf(data.maaneder),
        "forslag": forslag,
        "forslag_ctx": {"forslag": list(forslag[:25]), "antal": forslag.count()} if forslag is not None else None,
        "mangler_post": list(selectors.mangler_post(request.user)[:25]),
    })
