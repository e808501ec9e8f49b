"""For every endpoint of the API: token auth (missing, unknown, expired, revoked → 401), roles (403),
scoping (another socialtilsyn's object → 404, and never in a list). The endpoint table is checked
against the generated OpenAPI schema, so a new endpoint without these tests fails the suite."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from api import services as api_services
from api.models import ApiToken
from api.v1 import api
from risiko.models import DIMENSION_KEYS
from tests import factories

from .conftest import auth, token_for

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
BODIES = {
    "besoeg": {"besoegstype": "uanmeldt", "dato": str(TODAY - dt.timedelta(days=2)), "metoder": ["observation"],
               "datakilder": ["borgere"], "noter": "Rundvisning og samtale med beboere."},
    "risiko": {"fase": "prae", "kategori": "gul", "begrundelse": "Ny ledelse og flere magtanvendelser.",
               "intensitetsplan": {k: {"niveau": "oeget", "note": ""} for k in DIMENSION_KEYS}},
    "bekymring": {"kilde": "kommune", "alvor": "middel", "beskrivelse": "Henvendelse om manglende aktiviteter.",
                  "temaer": "Tema 2 Selvstændighed og relationer"},
    "aktivitet": {"art": "dialogmoede_afklarende", "dato": str(TODAY - dt.timedelta(days=1)), "form": "moede",
                  "deltagere": "Leder og konsulent", "oplyst_bekymring": True, "oplyst_formaal": True,
                  "oplyst_reaktioner": True},
}

# (method, path) → (which object's id fills {id}, body key, roles that may call it)
ALLE = {"konsulent", "jurist", "leder"}
ENDPOINTS = {
    ("GET", "/api/v1/tilbud"): (None, None, ALLE),
    ("GET", "/api/v1/tilbud/{id}"): ("tilbud", None, ALLE),
    ("GET", "/api/v1/plejefamilier"): (None, None, ALLE),
    ("GET", "/api/v1/plejefamilier/{id}"): ("plejefamilie", None, ALLE),
    ("GET", "/api/v1/tilsynsbesoeg"): (None, None, ALLE),
    ("GET", "/api/v1/tilsynsbesoeg/{id}"): ("besoeg", None, ALLE),
    ("POST", "/api/v1/enheder/{id}/tilsynsbesoeg"): ("tilbud", "besoeg", {"konsulent"}),
    ("GET", "/api/v1/risikovurderinger"): (None, None, ALLE),
    ("GET", "/api/v1/risikovurderinger/{id}"): ("risikovurdering", None, ALLE),
    ("POST", "/api/v1/enheder/{id}/risikovurderinger"): ("tilbud", "risiko", {"konsulent", "leder"}),
    ("GET", "/api/v1/kvalitetsvurderinger"): (None, None, ALLE),
    ("GET", "/api/v1/kvalitetsvurderinger/{id}"): ("kvalitetsvurdering", None, ALLE),
    ("GET", "/api/v1/frister"): (None, None, ALLE),
    ("GET", "/api/v1/frister/{id}"): ("frist", None, ALLE),
    ("POST", "/api/v1/enheder/{id}/dialogforloeb"): ("tilbud", "bekymring", {"konsulent", "leder"}),
    ("POST", "/api/v1/dialogforloeb/{id}/aktiviteter"): ("forloeb", "aktivitet", {"konsulent", "leder"}),
}


def schema_operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}


def test_every_endpoint_of_the_schema_is_in_the_access_table():
    assert schema_operations() == set(ENDPOINTS)


def call(client, method, path, side, headers):
    obj, body_key, _ = ENDPOINTS[(method, path)]
    url = path.replace("{id}", str(getattr(side, obj).pk)) if obj else path
    if method == "GET":
        return client.get(url, **headers)
    return client.post(url, data=json.dumps(BODIES[body_key]), content_type="application/json", **headers)


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_token_auth_refusals_are_401_with_danish_message(client, own, endpoint):
    method, path = endpoint
    tokens = {}
    tokens["udløbet"] = token_for(own.konsulent)
    ApiToken.objects.filter(noegle_hash=api_services.hash_token(tokens["udløbet"])).update(
        udloeber=TODAY - dt.timedelta(days=1))
    tokens["tilbagekaldt"] = token_for(own.konsulent)
    api_services.token_revoke(actor=own.konsulent,
                              token=ApiToken.objects.get(noegle_hash=api_services.hash_token(tokens["tilbagekaldt"])))
    cases = {
        "Angiv en API-nøgle": {},
        "API-nøglen er ugyldig.": auth("tls_" + "x" * 43),
        "API-nøglen er udløbet.": auth(tokens["udløbet"]),
        "API-nøglen er tilbagekaldt.": auth(tokens["tilbagekaldt"]),
        "Angiv en API-nøgle i headeren": {"HTTP_AUTHORIZATION": "Basic a29uc3VsZW50OmRlbW8="},
    }
    for message, headers in cases.items():
        response = call(client, method, path, own, headers)
        assert response.status_code == 401, (endpoint, message, response.content)
        assert response.json()["detail"].startswith(message)
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_inactive_user_is_401(client, own, endpoint):
    token = token_for(own.konsulent)
    type(own.konsulent).objects.filter(pk=own.konsulent.pk).update(is_active=False)
    response = call(client, *endpoint, own, auth(token))
    assert response.status_code == 401 and response.json()["detail"] == "Brugeren bag API-nøglen er deaktiveret."


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_roles(client, own, endpoint):
    _, _, allowed = ENDPOINTS[endpoint]
    uden_rolle = factories.UserFactory(username="uden-rolle")
    # A token can be made for a user who later loses every role: then every endpoint is 403.
    token = token_for(own.konsulent)
    ApiToken.objects.filter(user=own.konsulent).update(user=uden_rolle)
    response = call(client, *endpoint, own, auth(token))
    assert response.status_code == 403, response.content
    assert response.json()["detail"] == "Brugeren har ingen rolle i et socialtilsyn og kan ikke bruge API'et."
    for rolle in ("konsulent", "jurist", "leder"):
        response = call(client, *endpoint, own, auth(token_for(getattr(own, rolle))))
        if rolle in allowed:
            assert response.status_code in (200, 201), (rolle, endpoint, response.content)
        else:
            assert response.status_code == 403, (rolle, endpoint, response.content)
            assert response.json()["detail"].startswith("Kun ")


@pytest.mark.parametrize("endpoint", sorted(e for e, (obj, _, _) in ENDPOINTS.items() if obj))
def test_another_socialtilsyns_object_is_404(client, own, other, endpoint):
    response = call(client, *endpoint, other, auth(token_for(own.leder if "aktiviteter" in endpoint[1]
                                                                else own.konsulent)))
    assert response.status_code == 404, response.content
    assert response.json()["detail"] == "Findes ikke, eller du har ikke adgang til det."


@pytest.mark.parametrize("endpoint", sorted(e for e, (obj, _, _) in ENDPOINTS.items() if not obj))
def test_lists_show_only_the_own_socialtilsyn(client, own, other, endpoint):
    response = call(client, *endpoint, own, auth(token_for(own.konsulent)))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 1 and body["items"]
    text = json.dumps(body, ensure_ascii=False)
    assert "hovedstaden" in text or str(own.tilbud.pk) in text
    assert "Ågården syd" not in text and "Ærø syd" not in text
    enhed_ids = {item.get("enhed", {}).get("id", item.get("id")) for item in body["items"]}
    assert not enhed_ids & {other.tilbud.pk, other.plejefamilie.pk}
