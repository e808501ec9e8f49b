"""Login lockout that cannot be turned against a user, the real client IP behind proxies, sessions
that end on their own, the user's own password change, and the headers on pages and PDFs."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tilsyn.login import client_ip, delay_for

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-123"  # tests.factories.DEMO_PASSWORD_HASH
ATTACKER, USER_IP, PROXY = "198.51.100.66", "203.0.113.10", "10.0.0.2"


def _login(client, username, password, *, ip=None, xff=None):
    extra = {"REMOTE_ADDR": ip or PROXY}
    if xff:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


@pytest.fixture
def user(db):
    return factories.konsulent("hovedstaden", username="karen")


# --- The client IP ---------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "xff", "expected"), [
    (0, "6.6.6.6", PROXY),                       # no proxy configured: the header is ignored (forgeable)
    (1, USER_IP, USER_IP),                       # nginx appended the client
    (1, f"6.6.6.6, {USER_IP}", USER_IP),         # the client's own forged entry is left of nginx's
    (2, f"6.6.6.6, {USER_IP}, 10.0.0.1", USER_IP),  # load balancer + nginx
    (2, USER_IP, PROXY),                         # fewer hops than proxies: trust only the socket
    (1, "not-an-ip", PROXY),
    (1, "", PROXY),
])
def test_client_ip_uses_the_configured_proxy_count(settings, count, xff, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=xff)
    assert client_ip(request) == expected


# --- Lockout ---------------------------------------------------------------------------------


def test_attacker_locks_only_their_own_ip_and_the_real_user_still_logs_in(settings, user):
    settings.TRUSTED_PROXY_COUNT = 1  # behind nginx: every request comes from PROXY's address
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        r = _login(attacker, "karen", "gæt", xff=ATTACKER)
        assert r.status_code == 200 and "Brugernavn eller adgangskode er forkert" in r.content.decode()
    r = _login(attacker, "karen", "gæt", xff=ATTACKER)
    assert r.status_code == 429
    html = r.content.decode()
    assert "Login er midlertidigt spærret" in html and "Prøv igen om 1 minut." in html
    # Locked: even the right password from the attacker's address is refused now ...
    assert _login(attacker, "karen", PASSWORD, xff=ATTACKER).status_code == 429
    # ... and forging X-Forwarded-For (nginx appends the real address) does not help.
    assert _login(attacker, "karen", PASSWORD, xff=f"{USER_IP}, {ATTACKER}").status_code == 429
    # The real user, at their own address behind the same proxy, logs in as usual.
    real = Client()
    r = _login(real, "karen", PASSWORD, xff=USER_IP)
    assert r.status_code == 302 and r["Location"] == reverse("overblik")
    assert real.get(reverse("overblik")).status_code == 200


def test_delays_grow_with_each_failure_instead_of_an_hour_long_lock(settings, user):
    settings.TRUSTED_PROXY_COUNT = 0
    attacker = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(attacker, "karen", "gæt", ip=ATTACKER)
        assert _login(attacker, "karen", PASSWORD, ip=ATTACKER).status_code == 429
        clock.shift(dt.timedelta(seconds=61))  # the first wait (1 minute) is over: one more try
        r = _login(attacker, "karen", "gæt", ip=ATTACKER)
        assert r.status_code == 429 and "Prøv igen om 2 minutter." in r.content.decode()
        clock.shift(dt.timedelta(seconds=61))  # the second wait is 2 minutes
        assert _login(attacker, "karen", PASSWORD, ip=ATTACKER).status_code == 429
        clock.shift(dt.timedelta(seconds=60))
        r = _login(attacker, "karen", PASSWORD, ip=ATTACKER)
        assert r.status_code == 302  # the right password works once the wait is over
    assert not AccessAttempt.objects.filter(username="karen").exists()  # a success forgets the failures


def test_delay_is_capped():
    limit = settings.AXES_FAILURE_LIMIT
    assert delay_for(limit) == dt.timedelta(seconds=settings.LOGIN_DELAY_FIRST_SECONDS)
    assert delay_for(limit + 1) == 2 * delay_for(limit)
    assert delay_for(limit + 100) == dt.timedelta(seconds=settings.LOGIN_DELAY_MAX_SECONDS)
    assert settings.LOGIN_DELAY_MAX_SECONDS <= 15 * 60


def test_one_locked_pair_does_not_wipe_another_pairs_history(settings, user):
    """Axes' own clean-up deletes attempts older than the current request's cool-off: with a
    progressive cool-off, one short wait would reset everybody else's delay. Ours keeps them."""
    settings.TRUSTED_PROXY_COUNT = 0
    factories.konsulent("hovedstaden", username="other")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(Client(), "karen", "gæt", ip=ATTACKER)
        clock.shift(dt.timedelta(minutes=5))
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(Client(), "other", "gæt", ip="192.0.2.5")
    assert AccessAttempt.objects.get(username="karen").failures_since_start == settings.AXES_FAILURE_LIMIT


def test_failures_are_forgotten_after_the_memory(settings, user):
    settings.TRUSTED_PROXY_COUNT = 0
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            _login(Client(), "karen", "gæt", ip=ATTACKER)
        clock.shift(dt.timedelta(hours=settings.LOGIN_FAILURE_MEMORY_HOURS, minutes=1))
        r = _login(Client(), "karen", "gæt", ip=ATTACKER)
        assert r.status_code == 200  # counted from one again, not locked


def test_overlong_username_is_a_form_error_not_a_crash(user):
    r = _login(Client(), "x" * 300, "gæt", ip=ATTACKER)
    assert r.status_code == 200 and "Brugernavn eller adgangskode er forkert" in r.content.decode()
    assert not AccessAttempt.objects.exists()
    # The admin's login form has the same gap in Django: the lockout table still gets a name that fits.
    r = Client().post(reverse("admin:login"), {"username": "y" * 300, "password": "gæt"}, REMOTE_ADDR=ATTACKER)
    assert r.status_code == 200
    assert AccessAttempt.objects.get().username == "y" * 150


# --- Sessions --------------------------------------------------------------------------------


def test_session_ends_after_idle_time_and_says_why(user):
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert _login(client, "karen", PASSWORD, ip=USER_IP).status_code == 302
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        assert cookie["expires"] == "" and cookie["max-age"] == ""  # ends when the browser closes
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(reverse("overblik")).status_code == 200  # activity restarts the clock
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(reverse("overblik")).status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        r = client.get(reverse("overblik"))
        assert r.status_code == 302 and r["Location"].startswith(reverse("login"))
        html = client.get(r["Location"]).content.decode()
        assert "Du er blevet logget af efter 30 minutter uden aktivitet." in html
        assert client.get(reverse("overblik")).status_code == 302  # really logged out


def test_session_ends_at_the_latest_after_eight_hours_even_when_active(user):
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _login(client, "karen", PASSWORD, ip=USER_IP)
        for _ in range(7 * 3):  # every 20 minutes for 7 hours
            clock.shift(dt.timedelta(minutes=20))
            assert client.get(reverse("overblik")).status_code == 200
        clock.shift(dt.timedelta(hours=1, minutes=1))
        r = client.get(reverse("overblik"))
        assert r.status_code == 302
        assert "mere end 8 timer" in client.get(r["Location"]).content.decode()


def test_idle_timeout_is_configurable_and_htmx_gets_a_redirect(settings, user):
    settings.SESSION_IDLE_SECONDS = 5 * 60
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _login(client, "karen", PASSWORD, ip=USER_IP)
        clock.shift(dt.timedelta(minutes=6))
        r = client.get(reverse("overblik"), HTTP_HX_REQUEST="true")
        assert r.status_code == 204 and r["HX-Redirect"] == reverse("login")


# --- Password change -------------------------------------------------------------------------


def test_password_change_from_the_user_menu(user):
    client, other_device = Client(), Client()
    _login(client, "karen", PASSWORD, ip=USER_IP)
    _login(other_device, "karen", PASSWORD, ip=USER_IP)
    url = reverse("password_change")
    assert f'href="{url}"' in client.get(reverse("overblik")).content.decode()  # in the header's user menu
    html = client.get(url).content.decode()
    assert "<h1>Skift adgangskode</h1>" in html and "Nuværende adgangskode" in html and "Ny adgangskode" in html

    r = client.post(url, {"old_password": "forkert", "new_password1": "Ny-og-lang-2027", "new_password2": "Ny-og-lang-2027"})
    assert r.status_code == 200 and "Der er fejl i formularen" in r.content.decode()
    assert "Din nuværende adgangskode er forkert. Skriv den igen." in r.content.decode()
    r = client.post(url, {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"})
    assert "Denne adgangskode er for kort" in r.content.decode()

    r = client.post(url, {"old_password": PASSWORD, "new_password1": "Ny-og-lang-2027", "new_password2": "Ny-og-lang-2027"})
    assert r.status_code == 302 and r["Location"] == reverse("overblik")
    assert "Din adgangskode er skiftet." in client.get(reverse("overblik")).content.decode()  # still logged in
    user.refresh_from_db()
    assert user.check_password("Ny-og-lang-2027")
    assert other_device.get(reverse("overblik")).status_code == 302  # the other session is logged out


def test_password_change_needs_login():
    r = Client().get(reverse("password_change"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


# --- Headers ---------------------------------------------------------------------------------


def _csp(response) -> dict:
    return dict(p.strip().split(" ", 1) for p in response["Content-Security-Policy"].split(";") if p.strip())


def test_pages_have_csp_without_inline_scripts_and_no_store(client_konsulent):
    r = client_konsulent.get(reverse("overblik"))
    assert "no-store" in r["Cache-Control"] and "private" in r["Cache-Control"]
    csp = _csp(r)
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    assert "unsafe-inline" not in csp["style-src"]
    assert "no-store" in Client().get(reverse("login"))["Cache-Control"]


def test_a_framed_document_preview_gets_a_script_free_policy(client_konsulent, konsulent_hovedstaden, tilbud):
    from dialogforloeb import services as dialog_services
    from tests.dialogforloeb import factories as df

    agter = dialog_services.agterskrivelse_create(actor=konsulent_hovedstaden,
                                                  forloeb=df.i_dialog(konsulent_hovedstaden, tilbud), data=df.AGTER)
    r = client_konsulent.get(reverse("dialogforloeb:udkast_html", args=["agterskrivelse", agter.pk]))
    assert r.status_code == 200 and r["X-Frame-Options"] == "SAMEORIGIN"
    csp = _csp(r)
    assert csp["default-src"] == "'none'" and csp["frame-ancestors"] == "'self'" and "script-src" not in csp
    # Every other page may not be framed at all.
    assert _csp(client_konsulent.get(agter.get_absolute_url()))["frame-ancestors"] == "'none'"


def test_pdf_download_is_no_store(client_konsulent, tilbud, konsulent_hovedstaden, settings, tmp_path):
    from dokumenter.models import DokumentArt
    from dokumenter.services import dokument_create

    settings.MEDIA_ROOT = tmp_path
    dok = dokument_create(actor=konsulent_hovedstaden, enhed=tilbud, art=DokumentArt.ANDET, titel="Brev",
                          pdf=b"%PDF-1.4 test")
    r = client_konsulent.get(dok.get_absolute_url())
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]


TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"\sstyle\s*=", re.I)
PDF_TEMPLATES = ("pdf", "dokumenter/pdf_base.html", "test_letter.html")  # rendered by WeasyPrint, never served


def test_no_template_has_inline_script_handler_or_style():
    offenders = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            rel = path.relative_to(folder).as_posix()
            text = path.read_text()
            if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text):
                offenders.append(rel)
            if INLINE_STYLE.search(text) and not any(p in rel for p in PDF_TEMPLATES):
                offenders.append(rel)
    assert offenders == []
