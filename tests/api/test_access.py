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
from api.v1.dialog import etag_for
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
    "tom": {},
    "begrundelse": {"begrundelse": "Forholdene er bragt i orden."},
    "afslut": {"begrundelse": "Forholdene er bragt i orden."},
    "kommentar": {"kommentar": "Uddyb begrundelsen."},
    "godkend": {"tekst_hash": "0" * 64},
    "udsted": {},
    "hoeringsfrist": {"ny_frist": str(TODAY + dt.timedelta(days=30)), "begrundelse": "Enheden har bedt om mere tid."},
    "agterskrivelse": {"paataenkt": "paabud", "sagsfremstilling": "Medicin dokumenteres ikke.",
                       "begrundelse": "Forholdene er ikke rettet.", "mulige_reaktioner": "I kan komme med bemærkninger.",
                       "hoeringsfrist_dage": 14},
    "afgoerelse": {"art": "paabud", "begrundelse": "Forholdene er ikke rettet.", "tekst": "Dokumentér medicin.",
                   "opfyldelseskriterium": "Journal for alle beboere.", "frist": str(TODAY + dt.timedelta(days=30))},
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
    ("GET", "/api/v1/dialogforloeb"): (None, None, ALLE),
    ("GET", "/api/v1/dialogforloeb/{id}"): ("forloeb", None, ALLE),
    ("GET", "/api/v1/dokumenter"): (None, None, ALLE),
    ("GET", "/api/v1/dokumenter/{id}/pdf"): ("dokument", None, ALLE),
}
KONSULENT_LEDER = {"konsulent", "leder"}
TRANSITION_BODIES = {
    "start_varsling": "agterskrivelse", "forlaeng_hoeringsfrist": "hoeringsfrist", "skriv_afgoerelse": "afgoerelse",
    "afslut_bekymring_ophoert": "afslut", "afslut_varsling_bortfaldet": "afslut", "afslut_paabud_opfyldt": "afslut",
    "genaabn": "begrundelse", "agterskrivelse_indsend": "tom", "agterskrivelse_godkend": "godkend",
    "agterskrivelse_tilbagesend": "kommentar", "agterskrivelse_opgiv": "begrundelse", "agterskrivelse_send": "tom",
    "afgoerelse_indsend": "tom", "afgoerelse_godkend": "godkend", "afgoerelse_tilbagesend": "kommentar",
    "afgoerelse_opgiv": "begrundelse", "afgoerelse_udsted": "udsted",
}
for _name, _body in TRANSITION_BODIES.items():
    ENDPOINTS[("POST", f"/api/v1/dialogforloeb/{{id}}/transitions/{_name}")] = (
        "forloeb", _body, {"leder"} if _name == "genaabn" else {"jurist"} if _name.endswith(("_godkend", "_tilbagesend"))
        else KONSULENT_LEDER)


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
    if "/transitions/" in path:
        headers = {**headers, "HTTP_IF_MATCH": etag_for(type(side.forloeb).objects.get(pk=side.forloeb.pk))}
    return client.post(url, data=json.dumps(BODIES[body_key]), content_type="application/json", **headers)


# One test per check, looping over every endpoint: building the two-socialtilsyn world once per check
# instead of once per endpoint keeps these under a few seconds each.

def test_token_auth_refusals_are_401_with_danish_message(client, own):
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
    for endpoint in sorted(ENDPOINTS):
        for message, headers in cases.items():
            response = call(client, *endpoint, own, headers)
            assert response.status_code == 401, (endpoint, message, response.content)
            assert response.json()["detail"].startswith(message)
            assert response["WWW-Authenticate"].startswith("Bearer")
            assert response["Content-Type"] == "application/json; charset=utf-8"


def test_inactive_user_is_401(client, own):
    token = token_for(own.konsulent)
    type(own.konsulent).objects.filter(pk=own.konsulent.pk).update(is_active=False)
    for endpoint in sorted(ENDPOINTS):
        response = call(client, *endpoint, own, auth(token))
        assert response.status_code == 401, endpoint
        assert response.json()["detail"] == "Brugeren bag API-nøglen er deaktiveret."


def test_a_user_without_a_role_is_403_everywhere(client, own):
    uden_rolle = factories.UserFactory(username="uden-rolle")
    # A token can be made for a user who later loses every role: then every endpoint is 403.
    token = token_for(own.konsulent)
    ApiToken.objects.filter(user=own.konsulent).update(user=uden_rolle)
    for endpoint in sorted(ENDPOINTS):
        response = call(client, *endpoint, own, auth(token))
        assert response.status_code == 403, (endpoint, response.content)
        assert response.json()["detail"] == "Brugeren har ingen rolle i et socialtilsyn og kan ikke bruge API'et."


# The role checks change data (a visit logged, a forløb closed): one world per endpoint, as the
# outcome of one call must not decide the next endpoint's.
@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_roles(client, own, endpoint):
    _, _, allowed = ENDPOINTS[endpoint]
    for rolle in ("konsulent", "jurist", "leder"):
        response = call(client, *endpoint, own, auth(token_for(getattr(own, rolle))))
        if rolle in allowed and "/transitions/" in endpoint[1]:
            # Allowed to try: the forløb's state or the input may still refuse it, never the role.
            assert response.status_code in (200, 400, 409), (rolle, endpoint, response.content)
        elif rolle in allowed:
            assert response.status_code in (200, 201), (rolle, endpoint, response.content)
        else:
            assert response.status_code == 403, (rolle, endpoint, response.content)
            assert response.json()["detail"].startswith("Kun ")


def test_another_socialtilsyns_object_is_404(client, own, other):
    tokens = {rolle: token_for(getattr(own, rolle)) for rolle in ("konsulent", "jurist", "leder")}
    for endpoint in sorted(e for e, (obj, _, _) in ENDPOINTS.items() if obj):
        _, _, allowed = ENDPOINTS[endpoint]
        rolle = "konsulent" if "konsulent" in allowed else sorted(allowed)[0]
        response = call(client, *endpoint, other, auth(tokens[rolle]))
        assert response.status_code == 404, (endpoint, response.content)
        assert response.json()["detail"] == "Findes ikke, eller du har ikke adgang til det."


def test_lists_show_only_the_own_socialtilsyn(client, own, other):
    token = token_for(own.konsulent)
    for endpoint in sorted(e for e, (obj, _, _) in ENDPOINTS.items() if not obj):
        response = call(client, *endpoint, own, auth(token))
        assert response.status_code == 200, endpoint
        body = response.json()
        assert body["count"] >= 1 and body["items"], endpoint
        text = json.dumps(body, ensure_ascii=False)
        assert "hovedstaden" in text or str(own.tilbud.pk) in text, endpoint
        assert "Ågården syd" not in text and "Ærø syd" not in text, endpoint
        enhed_ids = {item.get("enhed", {}).get("id", item.get("id")) for item in body["items"]}
        assert not enhed_ids & {other.tilbud.pk, other.plejefamilie.pk}, endpoint
