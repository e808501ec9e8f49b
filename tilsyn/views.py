"""Thin views: parse the request, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from . import history, panels, selectors, services
from .errors import DomainError, add_to_form
from .forms import (
    AfdelingFormSet,
    EnhedFilterForm,
    PlejefamilieForm,
    TilbudForm,
    TilsynsbesoegForm,
    afdelinger_from,
)
from .models import Besoegsstatus, Besoegstype, EnhedArt, Plejefamilie, Tilbudstype

PAGE_SIZE = 25


def paginate(request, qs, size: int = PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def overblik(request):
    return render(request, "tilsyn/overblik.html", {"sections": panels.overblik_sections(request)})


# --- Register of units ------------------------------------------------------------------------

ART = {
    EnhedArt.TILBUD: {
        "list": selectors.tilbud_list, "form": TilbudForm, "plural": "Tilbud", "singular": "tilbud",
        "type_choices": lambda: [(t.kode, str(t)) for t in Tilbudstype.objects.all()],
    },
    EnhedArt.PLEJEFAMILIE: {
        "list": selectors.plejefamilie_list, "form": PlejefamilieForm, "plural": "Plejefamilier",
        "singular": "plejefamilie", "type_choices": lambda: Plejefamilie.Type.choices,
    },
}


def enhed_list(request, art: str):
    cfg = ART[art]
    form = EnhedFilterForm(request.GET or None, type_choices=cfg["type_choices"](), user=request.user)
    page = paginate(request, cfg["list"](request.user, form.filters()))
    return render(request, "tilsyn/enhed_list.html", {
        "art": art, "cfg": cfg, "filter_form": form, "page_obj": page,
        "can_add": request.user.has_perm("tilsyn.add_enhed", None),
    })


def enhed_detail(request, art: str, pk: int, tab: str = "overblik"):
    enhed = selectors.enhed_detail(request.user, pk, art=art)
    app_tabs = panels.enhed_tabs(request, enhed)
    context = {"enhed": enhed, "art": art, "tab": tab, "app_tabs": app_tabs,
               "actions": panels.enhed_actions(request, enhed),
               "can_change": request.user.has_perm("tilsyn.change_enhed", enhed),
               "can_add_besoeg": request.user.has_perm("tilsyn.add_tilsynsbesoeg", enhed)}
    if tab == "overblik":
        context["sections"] = panels.enhed_overblik(request, enhed)
        context["seneste_besoeg"] = selectors.besoeg_for_enhed(request.user, enhed)[:3]
    elif tab == "besoeg":
        context["page_obj"] = paginate(request, selectors.besoeg_for_enhed(request.user, enhed))
    elif tab == "historik":
        context["page_obj"] = paginate(request, history.for_enhed(enhed), size=50)
    else:
        context["active_tab"] = next((t for t in app_tabs if t.slug == tab), None)
        if context["active_tab"] is None:
            raise Http404
    return render(request, "tilsyn/enhed_detail.html", context)


@require_http_methods(["GET", "POST"])
def enhed_edit(request, art: str, pk: int | None = None):
    cfg = ART[art]
    enhed = selectors.enhed_detail(request.user, pk, art=art) if pk else None
    perm_ok = request.user.has_perm("tilsyn.change_enhed", enhed) if enhed else request.user.has_perm(
        "tilsyn.add_enhed", None)
    if not perm_ok:
        raise PermissionDenied
    form = cfg["form"](request.POST or None, instance=enhed, user=request.user)
    formset = None
    if art == EnhedArt.TILBUD:
        initial = [{"id": a.pk, "navn": a.navn, "adresse": a.adresse, "pladser": a.pladser}
                   for a in (enhed.afdelinger.all() if enhed else [])]
        formset = AfdelingFormSet(request.POST or None, initial=initial, prefix="afdeling")
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        try:
            enhed = _save_enhed(request.user, art, enhed, form, formset)
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, f"{enhed.navn} er gemt.")
            return redirect(enhed.get_absolute_url())
    return render(request, "tilsyn/enhed_form.html", {
        "form": form, "formset": formset, "enhed": enhed, "art": art, "cfg": cfg,
        "has_errors": bool(form.errors or (formset is not None and formset.is_bound and not formset.is_valid())),
    })


def _save_enhed(actor, art, enhed, form, formset):
    data = form.service_data()
    if art == EnhedArt.TILBUD:
        kwargs = {"data": data, "tilbudstyper": form.cleaned_data["tilbudstyper"],
                  "afdelinger": afdelinger_from(formset)}
        if enhed:
            return services.tilbud_update(actor=actor, tilbud=enhed, **kwargs)
        return services.tilbud_create(actor=actor, **kwargs)
    if enhed:
        return services.plejefamilie_update(actor=actor, plejefamilie=enhed, data=data)
    return services.plejefamilie_create(actor=actor, data=data)


# --- Tilsynsbesøg -----------------------------------------------------------------------------

def besoeg_list(request):
    filters = {k: request.GET.get(k) for k in ("type", "status", "konsulent", "art", "q", "fra", "til", "sort")}
    page = paginate(request, selectors.besoeg_list(request.user, filters))
    return render(request, "tilsyn/besoeg_list.html", {
        "page_obj": page, "filters": filters, "typer": Besoegstype.choices, "statusser": Besoegsstatus.choices,
        "konsulenter": selectors.konsulenter_for(request.user), "arter": EnhedArt.choices,
    })


def besoegsplan(request):
    oversigt = selectors.besoegsoverblik(request.user)
    return render(request, "tilsyn/besoegsplan.html", {
        "oversigt": oversigt,
        "overskredet": Paginator(oversigt.overskredet, PAGE_SIZE).get_page(request.GET.get("side_o")),
        "forfalder": Paginator(oversigt.forfalder, PAGE_SIZE).get_page(request.GET.get("side_f")),
    })


@require_http_methods(["GET", "POST"])
def besoeg_create(request, enhed_pk: int):
    enhed = get_object_or_404(selectors.enheder_for(request.user), pk=enhed_pk)
    return _besoeg_form(request, enhed, None)


@require_http_methods(["GET", "POST"])
def besoeg_edit(request, pk: int):
    besoeg = selectors.besoeg_detail(request.user, pk)
    return _besoeg_form(request, besoeg.enhed, besoeg)


def _besoeg_form(request, enhed, besoeg):
    if not request.user.has_perm("tilsyn.add_tilsynsbesoeg", enhed):
        raise PermissionDenied
    form = TilsynsbesoegForm(request.POST or None, instance=besoeg, user=request.user, enhed=enhed)
    if request.method == "POST" and form.is_valid():
        try:
            if besoeg:
                besoeg = services.tilsynsbesoeg_update(actor=request.user, besoeg=besoeg, data=form.service_data(),
                                                       konsulenter=form.cleaned_data["konsulenter"])
            else:
                besoeg = services.tilsynsbesoeg_create(actor=request.user, enhed=enhed, data=form.service_data(),
                                                       konsulenter=form.cleaned_data["konsulenter"])
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, f"{besoeg} er registreret for {enhed.navn}.")
            if form.advarsel:
                messages.warning(request, form.advarsel)
            return redirect(reverse(f"{enhed.art}_tab", args=[enhed.pk, "besoeg"]))
    return render(request, "tilsyn/besoeg_form.html", {"form": form, "enhed": enhed, "besoeg": besoeg})


def besoeg_detail(request, pk: int):
    besoeg = selectors.besoeg_detail(request.user, pk)
    return render(request, "tilsyn/besoeg_detail.html", {
        "besoeg": besoeg, "can_change": request.user.has_perm("tilsyn.change_tilsynsbesoeg", besoeg.enhed),
    })


def search(request):
    q = request.GET.get("q", "")
    return render(request, "tilsyn/search.html", {"q": q, "results": selectors.search(request.user, q)})
