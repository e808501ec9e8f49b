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
