"""Thin views for frister and notifications."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from tilsyn import dates
from tilsyn.errors import DomainError, add_to_form

from . import selectors, services
from .forms import BegrundelseForm, FristExtendForm, FristFilterForm, FristFulfilForm, arbejdsdag_advarsel

PAGE_SIZE = 25
VIS = {"aabne": "Åbne", "afsluttede": "Afsluttede", "alle": "Alle"}


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
def mine(request):
    vis = request.GET.get("vis") if request.GET.get("vis") in VIS else "aabne"
    page = _page(request, selectors.mine_frister(request.user, vis=vis, filters=request.GET))
    tom = {"aabne": "Du har ingen åbne frister.", "afsluttede": "Du har ingen afsluttede frister."}.get(vis, "Ingen frister.")
    return render(request, "frister/mine.html", {
        "page_obj": page, "vis": vis, "vis_valg": VIS,
        "ctx": {"frister": list(page), "vis_enhed": True, "sortable": True, "tom": tom},
    })


@require_GET
def overskredne(request):
    if not request.user.has_perm("frister.view_overskredne"):
        raise PermissionDenied
    form = FristFilterForm(request.GET or None, user=request.user)
    page = _page(request, selectors.overskredne_frister(request.user, filters=form.filters()))
    return render(request, "frister/overskredne.html", {
        "page_obj": page, "filter_form": form,
        "ctx": {"frister": list(page), "vis_enhed": True, "sortable": True, "tom": "Ingen overskredne frister."},
    })


@require_GET
def detail(request, pk: int):
    frist = selectors.frist_detail(request.user, pk)
    return render(request, "frister/detail.html", {
        "frist": frist,
        "aendringer": selectors.frist_aendringer(frist),
        "trin": selectors.frist_trin(frist),
        "can_change": frist.er_aktiv and request.user.has_perm("frister.change_frist", frist),
        "opfyldes_andetsteds": services.opfyldes_andetsteds(frist),
        "fulfil_form": FristFulfilForm(),
    })


def extend(request, pk: int):
    frist = selectors.frist_detail(request.user, pk)
    if not (frist.er_aktiv and request.user.has_perm("frister.change_frist", frist)):
        raise PermissionDenied
    form = FristExtendForm(request.POST or None, frist=frist)
    if request.method == "POST" and form.is_valid():
        try:
            services.frist_extend(frist=frist, new_due=form.cleaned_data["ny_frist"],
                                  reason=form.cleaned_data["begrundelse"], actor=request.user)
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Fristen er forlænget, og der er sat nye påmindelser.")
            return redirect(frist.get_absolute_url())
    return render(request, "frister/extend.html", {"frist": frist, "form": form}, status=400 if form.errors else 200)


SUSPENSION = {
    "suspend": {
        "service": services.frist_suspend, "titel": "Suspendér frist", "knap": "Suspendér frist",
        "tekst": "Ventende påmindelser og eskalering stoppes, indtil fristen genoptages.",
        "ok": "Fristen er suspenderet.",
    },
    "resume": {
        "service": services.frist_resume, "titel": "Genoptag frist", "knap": "Genoptag frist",
        "tekst": "Fristen rykkes med den tid, den har været suspenderet, og der sættes nye påmindelser.",
        "ok": "Fristen er genoptaget.",
    },
}


def suspension(request, pk: int, action: str):
    frist = selectors.frist_detail(request.user, pk)
    if not (frist.er_aktiv and request.user.has_perm("frister.change_frist", frist)):
        raise PermissionDenied
    cfg = SUSPENSION[action]
    form = BegrundelseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cfg["service"](frist=frist, reason=form.cleaned_data["begrundelse"], actor=request.user)
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, cfg["ok"])
            return redirect(frist.get_absolute_url())
    return render(request, "frister/suspension.html", {"frist": frist, "form": form, "cfg": cfg},
                  status=400 if form.errors else 200)


@require_POST
def fulfil(request, pk: int):
    frist = selectors.frist_detail(request.user, pk)
    form = FristFulfilForm(request.POST)
    form.is_valid()
    try:
        services.frist_fulfil(frist=frist, actor=request.user, note=form.cleaned_data.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Fristen er markeret som opfyldt.")
    return redirect(frist.get_absolute_url())


@require_GET
def arbejdsdag(request):
    """htmx: the working-day warning for a chosen date (empty if it is a working day)."""
    raw = request.GET.get("ny_frist", "").strip()
    if not raw:
        return HttpResponse("")
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        return _alert("alert-error", "Angiv en gyldig dato (dd.mm.åååå).")
    if fejl := dates.plausibel(value, hvad="Den nye frist"):
        return _alert("alert-error", fejl)
    advarsel = arbejdsdag_advarsel(value)
    return _alert("alert-warning", advarsel) if advarsel else HttpResponse("")


def _alert(css: str, tekst: str) -> HttpResponse:
    return HttpResponse(format_html(
        '<div class="alert {}" role="status"><div class="alert-body"><p class="alert-text">{}</p></div></div>',
        css, tekst))


@require_GET
def notifikationer(request):
    page = _page(request, selectors.notifikationer_for(request.user))
    return render(request, "frister/notifikationer.html", {"page_obj": page})


@require_POST
def notifikation_aabn(request, pk: int):
    """Mark a notification read and follow its link (own notifications only; idempotent). POST only:
    a GET must change nothing (link prefetchers and crawlers would mark everything read)."""
    n = selectors.notifikation_detail(request.user, pk)
    services.notifikation_mark_read(actor=request.user, notifikation=n)
    if n.url and url_has_allowed_host_and_scheme(n.url, allowed_hosts={request.get_host()}):
        return redirect(n.url)
    return redirect("frister:notifikationer")


@require_POST
def notifikation_laest(request, pk: int):
    n = selectors.notifikation_detail(request.user, pk)
    services.notifikation_mark_read(actor=request.user, notifikation=n)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("frister:notifikationer")


@require_POST
def notifikationer_alle_laest(request):
    antal = services.notifikationer_mark_all_read(actor=request.user)
    messages.success(request, f"{antal} notifikationer er markeret som læst." if antal != 1
                     else "1 notifikation er markeret som læst.")
    return redirect("frister:notifikationer")
