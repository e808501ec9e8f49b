import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frister.models import Notifikation
from tests import factories
from tests.frister.factories import frist as make_frist
from tilsyn.templatetags.tilsyn_tags import dato

pytestmark = pytest.mark.django_db(transaction=True)


def _next(weekday: int, after: dt.date) -> dt.date:
    d = after + dt.timedelta(days=1)
    while d.weekday() != weekday:
        d += dt.timedelta(days=1)
    return d


def test_konsulent_sees_extends_and_reads(login):
    konsulent = factories.konsulent("hovedstaden", first_name="Karen", last_name="Holm")
    enhed = factories.TilbudFactory(navn="Bostedet Æblehaven", ansvarlig_konsulent=konsulent)
    today = timezone.localdate()
    f = make_frist(enhed=enhed, due=today + dt.timedelta(days=20), responsible=konsulent,
                   titel="Påbud om medicinhåndtering", today=today)
    Notifikation.objects.create(user=konsulent, titel="Påmindelse: Påbud om medicinhåndtering", url=f.get_absolute_url())

    page = login(konsulent)
    expect(page.get_by_test_id("bell-count")).to_have_text("1")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Frister").click()
    expect(page.get_by_role("heading", level=1, name="Mine frister")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Påbud om medicinhåndtering")
    expect(row).to_contain_text("Bostedet Æblehaven")
    expect(row).to_contain_text("om 20 dage")
    row.get_by_role("link", name="Påbud om medicinhåndtering").click()

    page.get_by_role("link", name="Forlæng frist").click()
    saturday = _next(5, today + dt.timedelta(days=25))
    page.get_by_label("Ny frist").fill(saturday.isoformat())
    page.get_by_label("Ny frist").dispatch_event("change")
    expect(page.locator("#arbejdsdag-advarsel")).to_contain_text("er en lørdag og ikke en arbejdsdag")
    page.get_by_label("Begrundelse").fill("Tilbuddet har anmodet om forlængelse")
    page.get_by_role("button", name="Forlæng frist").click()
    expect(page.locator("#error-summary")).to_contain_text("Der er fejl i formularen")

    monday = saturday + dt.timedelta(days=2)
    page.get_by_label("Ny frist").fill(monday.isoformat())
    page.get_by_role("button", name="Forlæng frist").click()
    expect(page.get_by_role("status").filter(has_text="Fristen er forlænget")).to_be_visible()
    expect(page.get_by_test_id("frist-dato")).to_contain_text(dato(monday))
    expect(page.get_by_role("table").first).to_contain_text("Tilbuddet har anmodet om forlængelse")

    page.get_by_role("link", name="Notifikationer").click()
    page.get_by_role("button", name="Markér som læst").click()
    expect(page.get_by_test_id("notifikationer")).to_contain_text("Læst")
    expect(page.get_by_test_id("bell-count")).to_have_count(0)


def test_frister_pages_have_no_serious_accessibility_violations(login, live_server):
    from tests.e2e.test_accessibility import _violations

    leder = factories.leder("hovedstaden", is_konsulent=True)
    enhed = factories.TilbudFactory(navn="Bostedet Lyngbo", ansvarlig_konsulent=leder)
    today = timezone.localdate()
    f = make_frist(enhed=enhed, due=today + dt.timedelta(days=3), responsible=leder, titel="Høringsfrist", today=today)
    make_frist(enhed=enhed, due=today - dt.timedelta(days=3), responsible=leder, titel="Redegørelse", today=today)
    Notifikation.objects.create(user=leder, titel="Påmindelse", url=f.get_absolute_url())
    page = login(leder)
    problems = {}
    for path in ["/frister/", "/frister/overskredne/", f"/frister/{f.pk}/", f"/frister/{f.pk}/forlaeng/",
                 f"/frister/{f.pk}/suspender/", "/frister/notifikationer/", f"/tilbud/{enhed.pk}/frister/"]:
        page.goto(f"{live_server.url}{path}")
        if found := _violations(page):
            problems[path] = found
    assert problems == {}
