"""Frister's contributions to the shared pages: menu, bell, unit tab and overblik, start page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone

from tilsyn.panels import MenuItem, Section, Tab

from . import selectors

OVERBLIK_ANTAL = 10


def _has_case_role(user) -> bool:
    return bool(user.is_authenticated and user.socialtilsyn_id
                and (user.is_konsulent or user.is_jurist or user.is_leder))


def menu_items(request):
    if not _has_case_role(request.user):
        return []
    overdue = selectors.mine_overskredne_antal(request.user)
    return [MenuItem("Frister", reverse("frister:mine"), "/frister/", order=45, count=overdue or None)]


def header_context(request):
    user = request.user
    if not (user.is_authenticated and user.socialtilsyn_id):
        return {}
    return {
        "notifikationer_url": reverse("frister:notifikationer"),
        "notifikationer_ulaeste": selectors.ulaeste_antal(user),
    }


def enhed_tabs(request, enhed):
    match = request.resolver_match
    context = {}
    if match is not None and match.kwargs.get("tab") == "frister":
        page = Paginator(selectors.frister_for_enhed(request.user, enhed), 25).get_page(request.GET.get("page"))
        context = {"frister": list(page), "page_obj": page, "tom": "Enheden har ingen frister."}
    return [Tab("frister", "Frister", "frister/_enhed_frister.html", context, order=60)]


def enhed_overblik(request, enhed):
    frister = list(selectors.aabne_frister_for_enhed(request.user, enhed)[:OVERBLIK_ANTAL])
    return [Section("Åbne frister", "frister/_frist_list.html",
                    {"frister": frister, "tom": "Enheden har ingen åbne frister."}, order=20)]


def overblik_sections(request):
    user = request.user
    if not _has_case_role(user):
        return []
    sections = []
    if user.is_konsulent:
        frister = list(selectors.mine_frister(user)[:OVERBLIK_ANTAL])
        sections.append(Section("Mine frister", "frister/_overblik_frister.html", {
            "frister": frister, "vis_enhed": True, "tom": "Du har ingen åbne frister.",
            "link": reverse("frister:mine"), "link_tekst": "Se alle mine frister",
        }, order=10))
    if user.is_leder:
        qs = selectors.overskredne_frister(user, today=timezone.localdate())
        frister = list(qs[:OVERBLIK_ANTAL])
        sections.append(Section("Overskredne frister", "frister/_overblik_frister.html", {
            "frister": frister, "vis_enhed": True, "tom": "Ingen frister er overskredet.",
            "link": reverse("frister:overskredne"), "link_tekst": "Se alle overskredne frister",
        }, order=15))
    # ui.md: the start page ends with the user's unread notifications (every role).
    ulaeste = list(selectors.notifikationer_for(user).filter(laest__isnull=True)[:5])
    sections.append(Section("Notifikationer", "frister/_overblik_notifikationer.html", {"notifikationer": ulaeste}, order=90))
    return sections
