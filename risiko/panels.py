"""Risiko's contributions to the shared pages (see tilsyn.panels)."""

from __future__ import annotations

from django.urls import reverse

from tilsyn.panels import Action, MenuItem, Section, Tab

from . import selectors


def menu_items(request):
    if not request.user.has_perm("risiko.view_risikooverblik", None):
        return []
    return [MenuItem("Risiko", reverse("risiko:overblik"), "/risiko/", order=70)]


def enhed_actions(request, enhed):
    if not request.user.has_perm("risiko.add_risikovurdering", enhed):
        return []
    return [Action("Vurdér risiko", reverse("risiko:vurder", args=[enhed.pk]) + "?fase=prae", order=30)]


def enhed_tabs(request, enhed):
    match = getattr(request, "resolver_match", None)
    active = bool(match and match.kwargs.get("tab") == "risiko")
    context = {}
    if active:
        historik = selectors.historik_for_enhed(request.user, enhed)
        context = {
            "enhed": enhed, "historik": historik, "graf": selectors.graf_for(historik),
            "forslag": selectors.aabne_forslag_for_enhed(request.user, enhed),
            "interval": selectors.foreslaaet_interval(request.user, enhed.risikokategori),
            "kan_vurdere": request.user.has_perm("risiko.add_risikovurdering", enhed),
        }
    return [Tab("risiko", "Risiko", "risiko/_enhed_risiko.html", context, order=40)]


def enhed_overblik(request, enhed):
    forslag = selectors.aabne_forslag_for_enhed(request.user, enhed)
    return [Section("Risikokategori", "risiko/_enhed_overblik.html", {
        "enhed": enhed, "forslag": forslag,
        "interval": selectors.foreslaaet_interval(request.user, enhed.risikokategori),
        "kan_vurdere": request.user.has_perm("risiko.add_risikovurdering", enhed),
    }, order=20)]


def overblik_sections(request):
    user = request.user
    sections = []
    if user.is_leder:
        roed = selectors.enheder_i_roed(user)
        sections.append(Section("Enheder i rød", "risiko/_overblik_roed.html",
                                {"enheder": list(roed[:15]), "antal": roed.count()}, order=25))
        forslag = selectors.aabne_forslag_for(user)
        sections.append(Section("Overvej at revurdere risikokategorien", "risiko/_overblik_forslag.html",
                                {"forslag": list(forslag[:15]), "antal": forslag.count()}, order=26))
    if user.is_konsulent:
        mangler = selectors.mangler_post(user).filter(ansvarlig_konsulent=user)
        sections.append(Section("Mangler post-vurdering af risiko", "risiko/_overblik_mangler_post.html",
                                {"enheder": list(mangler[:15])}, order=35))
    return sections
