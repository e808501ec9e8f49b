"""API tokens: created and revoked by the user on a page and by an administrator in the admin, stored
hashed (the plain token is shown once), with an expiry; the schema and docs need login or a token."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from api import services
from api.models import ApiToken
from tests import factories

from .conftest import auth, token_for

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def test_user_creates_a_token_shown_once_and_stored_hashed(client, konsulent_hovedstaden):
    client.force_login(konsulent_hovedstaden)
    page = client.get(reverse("api:tokens"))
    assert page.status_code == 200 and "Du har ingen API-nøgler." in page.content.decode()
    response = client.post(reverse("api:tokens"), {"navn": "ESDH-integration", "udloeber": str(TODAY + dt.timedelta(days=30))})
    html = response.content.decode()
    raw = re.search(r'data-testid="raw-token">(tls_[A-Za-z0-9_-]+)<', html).group(1)
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    assert token.noegle_hash == services.hash_token(raw) and raw not in str(token.__dict__)
    assert token.user == konsulent_hovedstaden and token.praefiks == raw[:12]
    # The token works, and the page never shows it again.
    assert client.get("/api/v1/tilbud", **auth(raw)).status_code == 200
    assert raw not in client.get(reverse("api:tokens")).content.decode()
    assert ApiToken.objects.get().sidst_brugt is not None


def test_token_form_refusals(client, konsulent_hovedstaden):
    client.force_login(konsulent_hovedstaden)
    html = client.post(reverse("api:tokens"), {"navn": "", "udloeber": str(TODAY + dt.timedelta(days=400))}).content.decode()
    assert "Skriv hvad nøglen skal bruges til." in html
    html = client.post(reverse("api:tokens"), {"navn": "x", "udloeber": str(TODAY + dt.timedelta(days=400))}).content.decode()
    assert "En API-nøgle kan højst gælde 365 dage." in html
    html = client.post(reverse("api:tokens"), {"navn": "x", "udloeber": str(TODAY - dt.timedelta(days=1))}).content.decode()
    assert "Udløbsdatoen kan ikke ligge før i dag." in html
    assert not ApiToken.objects.exists()
    for _ in range(services.MAKS_AKTIVE):
        token_for(konsulent_hovedstaden)
    html = client.post(reverse("api:tokens"), {"navn": "x", "udloeber": str(TODAY)}).content.decode()
    assert "Der kan højst være 10 aktive API-nøgler pr. bruger." in html
    assert ApiToken.objects.count() == services.MAKS_AKTIVE


def test_user_revokes_own_token_only(client, konsulent_hovedstaden, konsulent_syd):
    raw = token_for(konsulent_hovedstaden)
    other = ApiToken.objects.get(pk=ApiToken.objects.get(noegle_hash=services.hash_token(token_for(konsulent_syd))).pk)
    client.force_login(konsulent_hovedstaden)
    token = ApiToken.objects.get(user=konsulent_hovedstaden)
    response = client.post(reverse("api:token_revoke", args=[token.pk]), follow=True)
    assert "er tilbagekaldt og virker ikke længere" in response.content.decode()
    token.refresh_from_db()
    assert token.tilbagekaldt and token.tilbagekaldt_af == konsulent_hovedstaden and token.status == "Tilbagekaldt"
    assert client.get("/api/v1/tilbud", **auth(raw)).json()["detail"] == "API-nøglen er tilbagekaldt."
    assert client.post(reverse("api:token_revoke", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.tilbagekaldt is None
    with pytest.raises(services.DomainError, match="allerede tilbagekaldt"):
        services.token_revoke(actor=konsulent_hovedstaden, token=token)


def test_a_user_without_a_case_role_has_no_token_page(client, db):
    admin_uden_tilsyn = factories.UserFactory(socialtilsyn=None, username="it")
    client.force_login(admin_uden_tilsyn)
    assert client.get(reverse("api:tokens")).status_code == 403


def test_admin_creates_a_token_for_a_user_and_revokes_it(admin_client, konsulent_hovedstaden):
    response = admin_client.post(reverse("admin:api_apitoken_add"), {
        "user": konsulent_hovedstaden.pk, "navn": "Statistik", "udloeber": str(TODAY + dt.timedelta(days=10))})
    html = response.content.decode()
    assert response.status_code == 200 and "API-nøgle oprettet til" in html
    raw = re.search(r'data-testid="raw-token">(tls_[A-Za-z0-9_-]+)<', html).group(1)
    token = ApiToken.objects.get()
    assert token.user == konsulent_hovedstaden and token.oprettet_af.username == "admin"
    assert admin_client.get("/api/v1/tilbud", **auth(raw)).status_code == 200
    response = admin_client.post(reverse("admin:api_apitoken_changelist"), {
        "action": "revoke", "_selected_action": [token.pk]}, follow=True)
    assert "1 API-nøgle(r) tilbagekaldt." in response.content.decode()
    assert admin_client.get("/api/v1/tilbud", **auth(raw)).status_code == 401
    # Tokens are the audit trail: never deleted.
    assert admin_client.post(reverse("admin:api_apitoken_delete", args=[token.pk])).status_code == 403


def test_schema_and_docs_need_login_or_a_token(client, konsulent_hovedstaden):
    assert client.get("/api/v1/openapi.json").status_code == 401
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 302 and docs["Location"].startswith(reverse("login"))
    schema = client.get("/api/v1/openapi.json", **auth(token_for(konsulent_hovedstaden))).json()
    assert schema["info"]["title"] == "Tilsyn API" and "/api/v1/tilbud" in schema["paths"]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    client.force_login(konsulent_hovedstaden)
    assert client.get("/api/v1/docs").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200
