"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

`playwright install` cannot download browsers here, so the system Chromium is launched.
"""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "da-DK", "timezone_id": "Europe/Copenhagen"}


E2E_PASSWORD = "demo-password-123"  # matches tests.factories.DEMO_PASSWORD_HASH


@pytest.fixture(autouse=True)
def _reference_data(reference_data):
    """Every browser test runs with a live server (transactional): reload the reference data."""


@pytest.fixture
def login(live_server, page):
    """login(user) logs in through the real form and returns the page on the start page."""

    def _login(user, password=E2E_PASSWORD):
        page.goto(f"{live_server.url}/log-ind/")
        page.get_by_label("Brugernavn").fill(user.username)
        page.get_by_label("Adgangskode").fill(password)
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login
