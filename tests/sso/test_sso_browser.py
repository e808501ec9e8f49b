"""A browser logs in through the local OpenID Connect provider and lands on the start page of the role
the provider's groups give (Playwright + Debian's Chromium, as the other browser tests)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import browser_context_args, browser_type_launch_args  # noqa: F401 (Chromium as in e2e/)
from tilsyn.models import User

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


@pytest.fixture(autouse=True)
def _reference(reference_data):
    """A live server means a transactional test: reload the socialtilsyn."""


def _login_at_idp(page, username):
    page.get_by_role("link", name="Log ind med Frederiksberg Kommunes login").click()
    page.wait_for_url("http://127.0.0.1:*/login/**")
    expect(page.get_by_role("heading", name="Kommunens login")).to_be_visible()
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("idp-password-123")
    page.get_by_role("button", name="Log ind").click()


@pytest.mark.parametrize(("username", "rolle", "sektion", "ikke"), [
    ("jens.berg", "jurist", "Til godkendelse", "Eskaleringskø"),
    ("karen.holm", "konsulent", "Mine frister", "Til godkendelse"),
    ("lise.dahl", "leder", "Eskaleringskø", "Til godkendelse"),
])
def test_browser_logs_in_through_the_idp_and_lands_on_the_roles_start_page(page, live_server, sso_settings,
                                                                             username, rolle, sektion, ikke):
    page.goto(f"{live_server.url}/log-ind/")
    _login_at_idp(page, username)
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1, name="Overblik")).to_be_visible()
    expect(page.get_by_role("heading", name=sektion)).to_be_visible()
    expect(page.get_by_role("heading", name=ikke)).to_have_count(0)
    expect(page.locator(".tilsyn-user")).to_contain_text("Socialtilsyn Hovedstaden")
    user = User.objects.get(sso_identiteter__provider="hovedstaden")
    assert rolle in user.roller and user.socialtilsyn.slug == "hovedstaden"


def test_the_page_asked_for_is_opened_after_the_round_trip(page, live_server, sso_settings):
    page.goto(f"{live_server.url}/tilbud/")
    page.wait_for_url(f"{live_server.url}/log-ind/**")
    _login_at_idp(page, "karen.holm")
    page.wait_for_url(f"{live_server.url}/tilbud/")
    expect(page.get_by_role("heading", level=1, name="Tilbud")).to_be_visible()
