"""Single sign-on through a real OpenID Connect provider on localhost (django-oidc-provider, its own
project and database): the code flow over HTTP, users matched or created with socialtilsyn and roles
from the groups claim, refusals, and local passwords that can be switched off."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sso.models import SsoIdentitet
from tests import factories
from tilsyn.models import User

from .conftest import sso_login

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


@pytest.fixture(autouse=True)
def _reference(reference_data):
    """A live server means a transactional test: reload the socialtilsyn."""


def test_first_login_creates_the_user_with_socialtilsyn_and_roles_from_groups(live_server, sso_settings):
    session, response = sso_login(live_server, "jens.berg")
    assert response.url == f"{live_server.url}/", response.url
    assert "Til godkendelse" in response.text and "Jens Berg" in response.text
    user = User.objects.get(sso_identiteter__provider="hovedstaden")
    assert (user.username, user.email, user.socialtilsyn.slug) == ("jens.berg", "jens.berg@frederiksberg.dk",
                                                                   "hovedstaden")
    assert user.roller == ["jurist"] and not user.has_usable_password()
    # The session is a real Tilsyn session: pages open, scoped to the user's socialtilsyn.
    assert session.get(f"{live_server.url}/tilbud/", timeout=20).status_code == 200


def test_roles_follow_the_groups_at_every_login_and_an_existing_user_is_matched(live_server, sso_settings):
    existing = factories.konsulent("hovedstaden", username="lise", email="Lise.Dahl@frederiksberg.dk",
                                   is_jurist=True)
    _, response = sso_login(live_server, "lise.dahl")
    assert response.url == f"{live_server.url}/"
    existing.refresh_from_db()
    # Group tilsyn-chef maps to leder, tilsyn-konsulent to konsulent; the jurist role she no longer has is removed.
    assert existing.roller == ["konsulent", "leder"] and existing.username == "lise"
    assert SsoIdentitet.objects.get().user == existing
    assert User.objects.count() == 1
    # After the first login the subject decides, not the e-mail.
    User.objects.filter(pk=existing.pk).update(email="ny@frederiksberg.dk", is_jurist=True)
    sso_login(live_server, "lise.dahl")
    existing.refresh_from_db()
    assert existing.roller == ["konsulent", "leder"] and User.objects.count() == 1


def test_a_user_without_a_tilsyn_group_is_refused(live_server, sso_settings):
    _, response = sso_login(live_server, "ole.uden")
    assert response.url == f"{live_server.url}{reverse('sso:fejl')}" and response.status_code == 403
    assert "giver ingen rolle i Tilsyn" in response.text
    assert not User.objects.exists() and not SsoIdentitet.objects.exists()


def test_an_email_of_another_socialtilsyns_user_is_refused(live_server, sso_settings):
    factories.konsulent("syd", username="s-lund", email="soeren.lund@example.org")
    _, response = sso_login(live_server, "soeren.lund")
    assert "en bruger med din e-mailadresse i et andet socialtilsyn" in response.text
    assert not SsoIdentitet.objects.exists()


def test_wrong_password_at_the_idp_logs_nobody_in(live_server, sso_settings):
    session, response = sso_login(live_server, "karen.holm", "forkert")
    assert "Brugernavn eller adgangskode er forkert." in response.text
    assert not User.objects.exists()


def test_a_forged_callback_is_refused(live_server, sso_settings):
    import requests

    response = requests.get(f"{live_server.url}/sso/callback/?code=abc&state=ukendt", timeout=20)
    assert response.status_code == 403 and "Loginforsøget er udløbet eller ukendt." in response.text


def test_login_page_shows_the_button_and_local_passwords_can_be_switched_off(client, live_server, sso_settings):
    factories.konsulent("hovedstaden", username="lokal")
    html = client.get(reverse("login")).content.decode()
    assert "Log ind med Frederiksberg Kommunes login" in html and 'name="password"' in html
    assert client.post(reverse("login"), {"username": "lokal", "password": "demo-password-123"}).status_code == 302
    client.logout()
    sso_settings.LOCAL_LOGIN = False
    html = client.get(reverse("login")).content.decode()
    assert "Log ind med Frederiksberg Kommunes login" in html and 'name="password"' not in html
    assert client.post(reverse("login"), {"username": "lokal", "password": "demo-password-123"}).status_code == 405
    # Nor through the admin's own login form.
    response = client.post("/admin/login/", {"username": "lokal", "password": "demo-password-123", "next": "/admin/"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    _, response = sso_login(live_server, "karen.holm")
    assert response.url == f"{live_server.url}/" and "Mine frister" in response.text
