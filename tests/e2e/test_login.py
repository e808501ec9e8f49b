import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_shows_start_page(login, konsulent_hovedstaden):
    page = login(konsulent_hovedstaden)
    expect(page.get_by_role("heading", level=1, name="Overblik")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hovedmenu")).to_contain_text("Tilbud")


def test_wrong_password_gets_danish_error(live_server, page, konsulent_hovedstaden):
    page.goto(f"{live_server.url}/log-ind/")
    page.get_by_label("Brugernavn").fill(konsulent_hovedstaden.username)
    page.get_by_label("Adgangskode").fill("forkert")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("alert")).to_contain_text("Brugernavn eller adgangskode er forkert")


def test_password_change_and_lockout_pages_in_the_browser(login, live_server, page, konsulent_hovedstaden):
    """The user changes their own password from the header; the lockout page says how long to wait.
    Both pages have no serious accessibility violations."""
    from tests.e2e.test_accessibility import _violations

    login(konsulent_hovedstaden)
    page.get_by_role("link", name="Skift adgangskode").click()
    expect(page.get_by_role("heading", level=1, name="Skift adgangskode")).to_be_visible()
    assert _violations(page) == []
    page.get_by_label("Nuværende adgangskode").fill("demo-password-123")
    page.locator("#id_new_password1").fill("Et-nyt-og-langt-kodeord-2027")
    page.get_by_label("Gentag ny adgangskode").fill("Et-nyt-og-langt-kodeord-2027")
    page.get_by_role("button", name="Skift adgangskode").click()
    expect(page.get_by_role("status").filter(has_text="Din adgangskode er skiftet.")).to_be_visible()

    page.get_by_role("button", name="Log af").click()
    for _ in range(5):
        page.goto(f"{live_server.url}/log-ind/")
        page.get_by_label("Brugernavn").fill(konsulent_hovedstaden.username)
        page.get_by_label("Adgangskode").fill("forkert")
        page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Login er midlertidigt spærret")
    expect(page.get_by_role("alert")).to_contain_text("Prøv igen om 1 minut.")
    assert _violations(page) == []
