"""Kvalitetsmodel's contributions to shared pages: the unit tab and action, the latest assessment on
the unit's Overblik, and the start-page sections (drafts for konsulenter, flags for ledere)."""

from __future__ import annotations

from django.urls import reverse

from tilsyn.panels import Action, Section, Tab

from . import rapport, selectors

OVERBLIK_MAX = 10


def _active_tab(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.kwargs.get("tab") if match else None


def enhed_tabs(request, enhed):
    context = {}
    if _active_tab(request) == "kvalitet":
        vurderinger = list(selectors.vurderinger_for_enhed(request.user, enhed))
        seneste = next((v for v in vurderinger if v.status == "afsluttet" and not v.erstattet), None)
        context = {"enhed": enhed, "vurderinger": vurderinger,
                   "can_add": request.user.has_perm("kvalitetsmodel.add_kvalitetsvurdering", enhed)}
        if seneste:
            context.update(_chart_context(seneste))
            context["flag"] = list(seneste.flag.all())
    return [Tab("kvalitet", "Kvalitetsvurderinger", "kvalitetsmodel/_enhed_tab.html", context, order=30)]


def _chart_context(vurdering) -> dict:
    skema = selectors.skema(vurdering)
    forrige = selectors.forrige(vurdering)
    forrige_skema = selectors.skema(forrige) if forrige else None
    return {"seneste": vurdering, "forrige": forrige, "spider": rapport.spider(skema, forrige_skema),
            "tema_tabel": rapport.tema_tabel(skema, forrige_skema)}


def enhed_overblik(request, enhed):
    seneste = selectors.seneste_afsluttede(request.user, enhed)
    context = {"enhed": enhed, "seneste": None}
    if seneste:
        context.update(_chart_context(seneste))
        context["flag"] = list(seneste.flag.all())
    return [Section("Seneste kvalitetsvurdering", "kvalitetsmodel/_enhed_overblik.html", context, order=40)]


def enhed_actions(request, enhed):
    if not request.user.has_perm("kvalitetsmodel.add_kvalitetsvurdering", enhed):
        return []
    return [Action("Start kvalitetsvurdering", reverse("kvalitetsmodel:start", args=[enhed.pk]), order=20)]


def overblik_sections(request):
    user = request.user
    sections = []
    if user.is_konsulent:
        udkast = list(selectors.udkast_for(user)[:OVERBLIK_MAX + 1])
        sections.append(Section("Igangværende vurderinger", "kvalitetsmodel/_overblik_udkast.html",
                                {"udkast": udkast[:OVERBLIK_MAX], "flere": len(udkast) > OVERBLIK_MAX}, order=35))
    if user.is_leder:
        flag = list(selectors.flag_for(user)[:25])
        sections.append(Section("Kvalitetsflag", "kvalitetsmodel/_overblik_flag.html", {"flag": flag}, order=45))
    return sections
