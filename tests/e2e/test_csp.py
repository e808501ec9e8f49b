"""The Content-Security-Policy allows no inline script, and the app still works in a real browser
under it: no page reports a violation, htmx swaps and posts, and our own script (tilsyn.js) runs
(error summary focus, show/hide in the risk form). Pages of each role and the admin are visited."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frister.models import Notifikation
from tests import factories
from tests.dialogforloeb import factories as df
from tests.frister.factories import frist as make_frist
from tests.kvalitetsmodel import factories as kf
from tilsyn.models import User

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _quality_models(reference_data):
    """Transactional tests flush the migration-loaded quality models: load them again."""
    from kvalitetsmodel.loader import load_file

    load_file()

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
  `${e.violatedDirective} ${e.blockedURI || 'inline'} ${e.sourceFile || ''}:${e.lineNumber}`));
"""


def _watch(page):
    page.add_init_script(LISTEN)
    messages = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    return messages


def _violations(page, messages):
    found = page.evaluate("window.__csp || []") + messages
    messages.clear()
    return found


def test_pages_work_under_the_csp_without_violations(login, live_server, page):
    konsulent = factories.konsulent("hovedstaden", first_name="Karen")
    tilbud = factories.TilbudFactory(navn="Bostedet Lyngbo", ansvarlig_konsulent=konsulent)
    plejefamilie = factories.PlejefamilieFactory(navn="Familien Ærø")
    today = timezone.localdate()
    frist = make_frist(enhed=tilbud, due=today + dt.timedelta(days=20), responsible=konsulent, titel="Påbud", today=today)
    Notifikation.objects.create(user=konsulent, titel="Påmindelse: Påbud", url=frist.get_absolute_url())
    forloeb = df.forloeb(konsulent, tilbud)
    vurdering = kf.start(konsulent, tilbud)
    messages = _watch(page)
    login(konsulent)
    problems = {}
    for path in ["/", "/tilbud/", f"/tilbud/{tilbud.pk}/", f"/tilbud/{tilbud.pk}/frister/", f"/plejefamilier/{plejefamilie.pk}/",
                 "/frister/", f"/frister/{frist.pk}/", "/frister/notifikationer/", "/dialogforloeb/",
                 forloeb.get_absolute_url(), vurdering.get_absolute_url(), f"/kvalitet/vurdering/{vurdering.pk}/udfyld/",
                 f"/risiko/enheder/{tilbud.pk}/vurder/", "/risiko/", "/skift-adgangskode/", "/api/v1/docs"]:
        page.goto(f"{live_server.url}{path}")
        if found := _violations(page, messages):
            problems[path] = found

    # htmx under the CSP: the working-day warning is fetched and swapped in.
    page.goto(f"{live_server.url}/frister/{frist.pk}/forlaeng/")
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 + 28)
    page.get_by_label("Ny frist").fill(saturday.isoformat())
    page.get_by_label("Ny frist").dispatch_event("change")
    expect(page.locator("#arbejdsdag-advarsel")).to_contain_text("er en lørdag")
    # tilsyn.js: a form with errors puts the focus on the error summary.
    page.get_by_role("button", name="Forlæng frist").click()
    expect(page.locator("#error-summary")).to_be_focused()
    # tilsyn.js: the risk form hides the post fields for a præ assessment and shows them for post.
    page.goto(f"{live_server.url}/risiko/enheder/{tilbud.pk}/vurder/")
    page.get_by_label("Præ", exact=False).first.check()
    expect(page.locator("#post-felter")).to_be_hidden()
    expect(page.locator("#besoeg-felter")).to_be_visible()
    page.get_by_label("Post", exact=False).first.check()
    expect(page.locator("#post-felter")).to_be_visible()
    expect(page.locator("#besoeg-felter")).to_be_hidden()
    # Opening a notification is a POST (a button that looks like a link) and marks it read.
    page.goto(f"{live_server.url}/frister/notifikationer/")
    page.get_by_role("button", name="Påmindelse: Påbud", exact=True).click()
    page.wait_for_url(f"{live_server.url}{frist.get_absolute_url()}")
    assert Notifikation.objects.get(user=konsulent).laest is not None
    if found := _violations(page, messages):
        problems["interactions"] = found
    assert problems == {}


def test_admin_works_under_the_csp(live_server, page):
    User.objects.create_superuser("admin-e2e", "admin@example.org", "demo-password-123")
    messages = _watch(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Brugernavn").fill("admin-e2e")
    page.get_by_label("Adgangskode").fill("demo-password-123")
    page.get_by_role("button", name="Log ind").click()
    problems = {}
    for path in ["/admin/", "/admin/persondata/adgangslog/", "/admin/frister/email/", "/admin/tilsyn/user/",
                 "/admin/tilsyn/user/add/"]:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("#content")).to_be_visible()
        if found := _violations(page, messages):
            problems[path] = found
    assert problems == {}
