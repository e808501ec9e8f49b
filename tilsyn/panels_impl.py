"""The core register's own contributions to the shared pages (see tilsyn.panels)."""

from django.urls import reverse

from . import selectors
from .panels import MenuItem, Section


def menu_items(request):
    return [
        MenuItem("Overblik", reverse("overblik"), "/", order=0),
        MenuItem("Tilbud", reverse("tilbud_list"), "/tilbud/", order=10),
        MenuItem("Plejefamilier", reverse("plejefamilie_list"), "/plejefamilier/", order=20),
        MenuItem("Tilsynsbesøg", reverse("besoeg_list"), "/tilsynsbesoeg/", order=30),
    ]


def overblik_sections(request):
    user = request.user
    if not (user.is_konsulent or user.is_leder):
        return []
    oversigt = selectors.besoegsoverblik(user)
    overskredet = oversigt.overskredet
    forfalder = oversigt.forfalder
    if user.is_konsulent and not user.is_leder:
        overskredet = overskredet.filter(ansvarlig_konsulent=user)
        forfalder = forfalder.filter(ansvarlig_konsulent=user)
    return [Section(
        "Besøg der forfalder", "tilsyn/_overblik_besoeg.html",
        {"overskredet": list(overskredet[:10]), "forfalder": list(forfalder[:10]), "dage": oversigt.dage,
         "kun_egne": user.is_konsulent and not user.is_leder},
        order=30,
    )]
