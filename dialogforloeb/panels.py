"""The dialogforløb's contributions to shared pages (see tilsyn.panels)."""

from django.urls import reverse
from django.utils import timezone

from tilsyn.panels import Action, MenuItem, Section, Tab

from . import selectors
from .vocabulary import AABNE_STATUSSER

OVERBLIK_RAEKKER = 10


def menu_items(request):
    user = request.user
    if not getattr(user, "socialtilsyn_id", None):
        return []
    items = []
    if user.is_konsulent or user.is_leder or user.is_jurist:
        items.append(MenuItem("Dialogforløb", reverse("dialogforloeb:list"), "/dialogforloeb/", order=45))
    if user.is_jurist:
        items.append(MenuItem("Godkendelser", reverse("dialogforloeb:godkendelser"), "/dialogforloeb/godkendelser/",
                              order=46, count=selectors.godkendelser_antal(user) or None))
    if user.has_perm("dialogforloeb.view_eskalering"):
        items.append(MenuItem("Eskalering", reverse("dialogforloeb:eskalering"), "/dialogforloeb/eskalering/",
                              order=47))
    return items


def _rows(request, qs, limit=OVERBLIK_RAEKKER):
    today = timezone.localdate()
    return selectors.decorate(list(qs[:limit]), selectors.indstillinger_for(request.user.socialtilsyn_id), today)


def enhed_tabs(request, enhed):
    ctx = {}
    match = getattr(request, "resolver_match", None)
    if match is not None and match.kwargs.get("tab") == "dialogforloeb":
        qs = selectors.with_queue_data(selectors.forloeb_for_enhed(request.user, enhed), timezone.localdate())
        ctx = {"enhed": enhed, "rows": _rows(request, qs, limit=200),
               "can_add": request.user.has_perm("dialogforloeb.add_dialogforloeb", enhed)}
    return [Tab("dialogforloeb", "Dialogforløb", "dialogforloeb/_enhed_tab.html", ctx, order=60)]


def enhed_overblik(request, enhed):
    rows = list(selectors.forloeb_for_enhed(request.user, enhed).filter(status__in=AABNE_STATUSSER)
                .prefetch_related("afgoerelser"))
    today = timezone.localdate()
    for f in rows:
        f.skaerpet_til = max((a.skaerpet_til for a in f.afgoerelser.all()
                              if a.er_udstedt and a.skaerpet_til and a.skaerpet_til >= today),
                             default=None)
    return [Section("Åbne dialogforløb", "dialogforloeb/_enhed_overblik.html", {"rows": rows}, order=40)]


def enhed_actions(request, enhed):
    if not request.user.has_perm("dialogforloeb.add_dialogforloeb", enhed):
        return []
    return [Action("Registrér bekymring", reverse("dialogforloeb:create", args=[enhed.pk]), order=60)]


def overblik_sections(request):
    user = request.user
    if not getattr(user, "socialtilsyn_id", None):
        return []
    sections = []
    today = timezone.localdate()
    if user.is_konsulent:
        qs = selectors.forloeb_list(user, {"sort": "aktivitet"}, today=today, kun_egne=True)
        sections.append(Section("Mine dialogforløb", "dialogforloeb/_overblik_rows.html", {
            "rows": _rows(request, qs), "tom": "Du har ingen åbne dialogforløb.", "kun_egne": True,
            "link": reverse("dialogforloeb:list"), "link_text": "Se alle mine dialogforløb"}, order=25))
    if user.is_jurist:
        sections.append(Section("Til godkendelse", "dialogforloeb/_overblik_godkendelser.html",
                                {"rows": list(selectors.godkendelser_for(user)[:OVERBLIK_RAEKKER])}, order=5))
        sections.append(Section("Senest godkendt af dig", "dialogforloeb/_overblik_godkendt.html",
                                {"rows": list(selectors.senest_godkendt_af(user, limit=5))}, order=9))
    if user.is_leder:
        qs = selectors.forloeb_list(user, {"flag": "1"}, today=today)
        sections.append(Section("Eskaleringskø", "dialogforloeb/_overblik_rows.html", {
            "rows": _rows(request, qs), "tom": "Ingen åbne forløb med proportionalitetsflag.",
            "link": reverse("dialogforloeb:eskalering"), "link_text": "Se hele eskaleringskøen"}, order=6))
        sections.append(Section("Røde enheder uden åbent dialogforløb", "dialogforloeb/_overblik_roede.html",
                                {"rows": list(selectors.roede_uden_forloeb(user)[:OVERBLIK_RAEKKER])}, order=7))
        if not user.is_jurist:
            sections.append(Section("Agterskrivelser og afgørelser der venter på godkendelse",
                                    "dialogforloeb/_overblik_godkendelser.html",
                                    {"rows": list(selectors.godkendelser_for(user)[:OVERBLIK_RAEKKER])}, order=8))
    return sections
