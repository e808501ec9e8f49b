"""A konsulent opens »API-nøgler« from the header, creates a token (shown once), uses it, and revokes it;
the page and the login page with the single sign-on button have no serious accessibility violations."""

import pytest
import requests
from playwright.sync_api import expect

from .test_accessibility import _violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_create_use_and_revoke_a_token(login, live_server, konsulent_hovedstaden):
    page = login(konsulent_hovedstaden)
    page.get_by_role("link", name="API-nøgler").click()
    expect(page.get_by_role("heading", level=1, name="API-nøgler")).to_be_visible()
    assert _violations(page) == []
    page.get_by_label("Hvad skal nøglen bruges til").fill("Statistik til ledelsen")
    page.get_by_role("button", name="Opret API-nøgle").click()
    raw = page.get_by_test_id("raw-token").inner_text()
    assert raw.startswith("tls_")
    answer = requests.get(f"{live_server.url}/api/v1/tilbud", headers={"Authorization": f"Bearer {raw}"}, timeout=20)
    assert answer.status_code == 200 and answer.json()["count"] == 0
    page.goto(page.url)  # shown once: opening the page again does not show it
    expect(page.get_by_test_id("raw-token")).to_have_count(0)
    page.get_by_role("button", name="Tilbagekald Statistik til ledelsen").click()
    expect(page.get_by_role("status")).to_contain_text("er tilbagekaldt og virker ikke længere")
    expect(page.get_by_test_id("tokens")).to_contain_text("Tilbagekaldt")
    answer = requests.get(f"{live_server.url}/api/v1/tilbud", headers={"Authorization": f"Bearer {raw}"}, timeout=20)
    assert answer.status_code == 401 and answer.json()["detail"] == "API-nøglen er tilbagekaldt."


def test_login_page_with_the_sso_button_is_accessible(page, live_server, settings):
    settings.SSO_PROVIDERS = {"hovedstaden": {"navn": "Frederiksberg Kommunes login", "issuer": "http://127.0.0.1:9/x",
                                              "client_id": "a", "client_secret": "b", "roller": "konsulent=k"}}
    page.goto(f"{live_server.url}/log-ind/")
    expect(page.get_by_role("link", name="Log ind med Frederiksberg Kommunes login")).to_be_visible()
    assert _violations(page) == []
