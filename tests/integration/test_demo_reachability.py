"""With the full demo data loaded, every page a role can reach by clicking from the start page answers
without error, and each feature is reachable that way (no page hides behind a URL only we know);
and none of those object pages opens for another socialtilsyn's users."""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import resolve

from frister.models import AKTIVE_STATUSSER, Frist, FristArt
from tilsyn.models import Enhed, User
from tilsyn.selectors import indstillinger_for, with_besoegsstatus

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)"')
SKIP = ("/log-af/", "/admin/", "/static/", "/media/")
MAX_PAGES = 180

# URL names each role must be able to reach by clicking from the start page.
MUST_REACH = {
    "konsulent": {
        "tilbud_list", "tilbud_detail", "tilbud_tab", "plejefamilie_list", "plejefamilie_detail", "besoeg_list",
        "besoeg_detail", "besoegsplan", "besoeg_create", "frister:mine", "frister:detail",
        "frister:notifikationer", "kvalitetsmodel:detail", "kvalitetsmodel:start", "risiko:overblik", "risiko:vurder",
        "dialogforloeb:list", "dialogforloeb:detail", "dokumenter:download", "api:tokens",
    },
    "jurist": {"dialogforloeb:godkendelser", "dialogforloeb:agterskrivelse", "dialogforloeb:detail", "tilbud_detail"},
    "leder": {"dialogforloeb:eskalering", "dialogforloeb:detail", "frister:overskredne", "risiko:overblik",
              "tilbud_detail"},
}


def _crawl(client, seen=None):
    seen = set() if seen is None else seen
    reached, errors = set(), []
    queue = deque(["/"])
    # Visit each URL name at most a few times so the crawl covers breadth, not all 930 units.
    per_name: dict[str, int] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        name = resolve(urlsplit(url).path).view_name
        reached.add(name)
        if response.status_code not in (200, 302):
            errors.append((url, response.status_code))
            continue
        if response.get("Content-Type", "").startswith("text/html"):
            for href in HREF.findall(response.content.decode()):
                target = urljoin(url, href.replace("&amp;", "&"))
                parts = urlsplit(target)
                if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP):
                    continue
                try:
                    target_name = resolve(parts.path).view_name
                except Exception:  # noqa: BLE001
                    errors.append((target, "no route"))
                    continue
                if per_name.get(target_name, 0) >= 4 and target_name not in reached - {name}:
                    continue
                per_name[target_name] = per_name.get(target_name, 0) + 1
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return reached, errors


def test_every_role_reaches_every_feature_without_errors(client):
    # Loaded inside the test's transaction, so it is rolled back afterwards like any other test data.
    call_command("demo_data", verbosity=0)
    _one_visit_date_per_unit()
    visited: set[str] = set()
    for rolle, must in MUST_REACH.items():
        client.force_login(User.objects.get(username=f"{rolle}-hovedstaden"))
        seen: set[str] = set()
        reached, errors = _crawl(client, seen)
        visited |= seen
        assert errors == [], (rolle, errors)
        assert must - reached == set(), rolle

    # Every object page Hovedstaden's users saw answers 404 to each role of another socialtilsyn.
    object_urls = sorted(u for u in visited if re.search(r"/\d+/", u))
    assert len(object_urls) > 50
    for rolle in MUST_REACH:
        client.force_login(User.objects.get(username=f"{rolle}-syd"))
        leaks = [(u, r.status_code) for u in object_urls if (r := client.get(u)).status_code not in (403, 404)]
        assert leaks == [], (rolle, leaks)


def _one_visit_date_per_unit():
    """Mine frister and Besøg der forfalder show the same date: each open besøgsfrist of the demo lies on
    its unit's next-visit date from the one rule (the colours are set after the frister were made)."""
    frister = {f.enhed_id: f.frist for f in Frist.objects.filter(art=FristArt.BESOEG, status__in=AKTIVE_STATUSSER)}
    assert len(frister) > 20
    naeste = {}
    for sid in Enhed.objects.values_list("socialtilsyn_id", flat=True).distinct():
        qs = with_besoegsstatus(Enhed.objects.filter(socialtilsyn_id=sid, pk__in=frister), indstillinger_for(sid))
        naeste.update(qs.values_list("pk", "naeste_besoeg"))
    assert {pk: d for pk, d in frister.items() if naeste[pk] != d} == {}
