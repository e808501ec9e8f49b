"""Dialogforløb through the API: the timeline and letters, the whole way from dialog to an issued påbud by
transitions, ETag/If-Match against stale state (refused like the UI's stale-state check), and refusals
with the very message the UI shows."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.urls import reverse

from dialogforloeb import services
from dialogforloeb.vocabulary import AktivitetArt
from journal.models import Journalpost
from tests import factories
from tests.dialogforloeb import factories as df

from .conftest import auth, token_for

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(db):
    return {"k": factories.konsulent("hovedstaden", username="k"), "j": factories.jurist("hovedstaden", username="j"),
            "j2": factories.jurist("hovedstaden", username="j2"), "l": factories.leder("hovedstaden", username="l")}


@pytest.fixture
def forloeb(people):
    return df.i_dialog(people["k"], factories.TilbudFactory(ansvarlig_konsulent=people["k"]))


class Api:
    def __init__(self, client, user):
        self.client, self.headers = client, auth(token_for(user))

    def get(self, f):
        response = self.client.get(f"/api/v1/dialogforloeb/{f.pk}", **self.headers)
        assert response.status_code == 200, response.content
        return response

    def transition(self, f, name, body=None, *, etag=None):
        etag = etag if etag is not None else self.get(f)["ETag"]
        headers = {**self.headers, **({"HTTP_IF_MATCH": etag} if etag else {})}
        return self.client.post(f"/api/v1/dialogforloeb/{f.pk}/transitions/{name}", data=json.dumps(body or {}),
                                content_type="application/json", **headers)


def test_the_forloeb_with_timeline_activities_and_offered_transitions(client, people, forloeb):
    response = Api(client, people["j"]).get(forloeb)
    body = response.json()
    assert response["ETag"] == body["etag"] == f'"f{forloeb.pk}:i_dialog.a-.b-"'
    assert body["status"] == "i_dialog" and body["status_tekst"] == "I dialog"
    assert [h["titel"] for h in body["tidslinje"]][-1] == "Bekymring registreret"
    assert {a["art"] for a in body["aktiviteter"]} == {"orientering", "dialogmoede_afklarende"}
    handlinger = {(h["name"], h["art"]): h for h in body["handlinger"]}
    assert handlinger[("start_varsling", None)]["muligt"]
    assert not handlinger[("afslut_paabud_opfyldt", None)]["muligt"]
    assert handlinger[("afslut_paabud_opfyldt", None)]["grunde"] == services.blocking_messages(forloeb,
                                                                                               "afslut_paabud_opfyldt")


def test_from_dialog_to_an_issued_paabud_through_transitions(client, people, forloeb):
    k, j = Api(client, people["k"]), Api(client, people["j"])
    dialog = [a.pk for a in services.dialog_valg(forloeb)]
    response = k.transition(forloeb, "start_varsling", {**df.AGTER,
                                                        "dialog_aktiviteter": dialog})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "varsling" and response["ETag"] == body["etag"]
    agter = body["agterskrivelser"][0]
    assert agter["status"] == "kladde" and agter["dialog_aktiviteter"] == sorted(dialog)
    assert k.transition(forloeb, "agterskrivelse_indsend").json()["agterskrivelser"][0]["status"] == "til_godkendelse"
    tekst_hash = j.get(forloeb).json()["agterskrivelser"][0]["tekst_hash"]
    response = j.transition(forloeb, "agterskrivelse_godkend", {"tekst_hash": tekst_hash})
    assert response.status_code == 200 and response.json()["agterskrivelser"][0]["status"] == "godkendt"
    response = k.transition(forloeb, "agterskrivelse_send")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "varslet"
    brev = body["agterskrivelser"][0]["brev"]
    assert brev["journal"] == "afventer journalisering"
    pdf = client.get(brev["pdf"], **k.headers)
    assert pdf["Content-Type"] == "application/pdf" and hashlib.sha256(pdf.content).hexdigest() == brev["sha256"]
    assert Journalpost.objects.get(dokument_id=brev["id"]).sha256 == brev["sha256"]
    # The hearing, answered; then the påbud: drafted, approved by a jurist, issued as a letter.
    assert client.post(f"/api/v1/dialogforloeb/{forloeb.pk}/aktiviteter", data=json.dumps({
        "art": AktivitetArt.HOERINGSSVAR, "dato": str(TODAY), "form": "skriftlig", "referat": "Enheden er uenig."}),
        content_type="application/json", **k.headers).status_code == 201
    response = k.transition(forloeb, "skriv_afgoerelse", {
        "art": "paabud", **df.PAABUD, "frist": str(TODAY + dt.timedelta(days=30)),
        "hoeringssvar_vurdering": "Enheden mener, forholdene er rettet; det er de ikke."})
    assert response.status_code == 200, response.content
    k.transition(forloeb, "afgoerelse_indsend")
    afg = j.get(forloeb).json()["afgoerelser"][0]
    assert j.transition(forloeb, "afgoerelse_godkend", {"tekst_hash": afg["tekst_hash"]}).status_code == 200
    response = k.transition(forloeb, "afgoerelse_udsted")
    body = response.json()
    assert response.status_code == 200, response.content
    assert body["status"] == "paabud" and body["afgoerelser"][0]["status"] == "udstedt"
    assert body["afgoerelser"][0]["breve"][0]["titel"].startswith("Påbud til")


def test_if_match_is_required_and_a_stale_state_is_refused_like_the_ui(client, people, forloeb):
    k = Api(client, people["k"])
    response = k.transition(forloeb, "afslut_bekymring_ophoert", {"begrundelse": "Rettet."}, etag="")
    assert response.status_code == 428 and response.json()["rule"] == "if_match"
    etag = k.get(forloeb)["ETag"]
    # Meanwhile a colleague closes the forløb in the UI.
    client.force_login(people["l"])
    client.post(reverse("dialogforloeb:action", args=[forloeb.pk, "afslut-bekymring_ophoert"]),
                {"udfald": "bekymring_ophoert", "begrundelse": "Enheden har rettet forholdene."})
    assert df.refresh(forloeb).status == "afsluttet"
    response = k.transition(forloeb, "afslut_bekymring_ophoert", {"begrundelse": "Rettet."}, etag=etag)
    assert response.status_code == 412
    assert response.json() == {"rule": "stale", "errors": {}, "detail": (
        "Forløbet er ændret af en anden i mellemtiden: det står nu som »Afsluttet«. Genindlæs siden og prøv igen.")}
    # The message is the services' own stale-state check, the one the UI relies on.
    seen = df.refresh(forloeb)
    seen.__dict__["status"] = "i_dialog"
    with pytest.raises(services.DomainError) as ui:
        services.forloeb_close(actor=people["k"], forloeb=seen, udfald="bekymring_ophoert", begrundelse="Rettet.")
    assert ui.value.message == response.json()["detail"] and ui.value.rule == "stale"
    assert client.post(f"/api/v1/dialogforloeb/{forloeb.pk}/transitions/genaabn", data='{"begrundelse": "Ny sag"}',
                       content_type="application/json", HTTP_IF_MATCH='"noget andet"',
                       **Api(client, people["l"]).headers).status_code == 412


def test_a_stale_draft_is_refused(client, people, forloeb):
    agter = df.draft_agter(people["k"], forloeb)
    services.udkast_submit(actor=people["k"], udkast=agter)
    j2 = Api(client, people["j2"])
    etag = j2.get(forloeb)["ETag"]
    assert f"a{agter.pk}:til_godkendelse" in etag
    df.approve(people["j"], agter)  # another jurist approved it meanwhile
    response = j2.transition(forloeb, "agterskrivelse_tilbagesend", {"kommentar": "Uddyb."}, etag=etag)
    assert response.status_code == 412 and response.json()["detail"] == (
        "Agterskrivelsen er ændret af en anden i mellemtiden: den står nu som »Godkendt«. Genindlæs siden og prøv igen.")


def test_a_refused_transition_carries_the_uis_danish_message(client, people, forloeb):
    """The same refusal through the UI's form page and through the API: the same words, 409 and the rule."""
    response = Api(client, people["k"]).transition(forloeb, "afslut_paabud_opfyldt",
                                                   {"begrundelse": "Påbuddet er opfyldt."})
    assert response.status_code == 409
    body = response.json()
    assert body["rule"] == "afslut_paabud_opfyldt"
    client.force_login(people["k"])
    ui = client.post(reverse("dialogforloeb:action", args=[forloeb.pk, "afslut-paabud_opfyldt"]),
                     {"udfald": "paabud_opfyldt", "begrundelse": "Påbuddet er opfyldt."})
    assert ui.status_code == 200 and body["detail"] in ui.content.decode()
    assert body["detail"] == "Handlingen er ikke mulig, når forløbet står som »I dialog«."


def test_four_eyes_refusal_through_the_api_is_the_uis(client, people, forloeb):
    people["k"].is_jurist = True  # a konsulent who is also a jurist wrote it
    people["k"].save(update_fields=["is_jurist"])
    agter = df.draft_agter(people["k"], forloeb)
    services.udkast_submit(actor=people["k"], udkast=agter)
    k = Api(client, people["k"])
    response = k.transition(forloeb, "agterskrivelse_godkend", {"tekst_hash": df.refresh(agter).tekst_hash()})
    assert response.status_code == 403
    assert response.json()["detail"] == ("Du kan ikke godkende din egen agterskrivelse. Den skal godkendes af en anden "
                                         "jurist (fire øjne).")
    client.force_login(people["k"])
    ui = client.post(reverse("dialogforloeb:udkast_post", args=["agterskrivelse", agter.pk, "godkend"]),
                     {"tekst_hash": df.refresh(agter).tekst_hash()}, follow=True)
    assert response.json()["detail"] in ui.content.decode()


def test_approval_needs_the_fingerprint_of_the_text_read(client, people, forloeb):
    agter = df.draft_agter(people["k"], forloeb)
    services.udkast_submit(actor=people["k"], udkast=agter)
    response = Api(client, people["j"]).transition(forloeb, "agterskrivelse_godkend", {"tekst_hash": "a" * 64})
    assert response.status_code == 409 and response.json()["detail"] == services.TEKST_AENDRET


def test_bad_transition_input_is_400_with_the_forms_messages(client, people, forloeb):
    response = Api(client, people["k"]).transition(forloeb, "start_varsling", {
        **df.AGTER, "hoeringsfrist_dage": 3})
    assert response.status_code == 400
    assert response.json()["errors"]["hoeringsfrist_dage"] == ["Høringsfristen skal være mellem 7 og 90 dage."]
    response = Api(client, people["l"]).transition(forloeb, "genaabn", {"begrundelse": ""})
    assert response.status_code in (400, 409)


def test_documents_list_and_pdf_are_scoped(client, people, forloeb):
    df.send_agter(people["k"], people["j"], forloeb)
    other = factories.konsulent("syd", username="ks")
    api = Api(client, people["l"])
    body = client.get("/api/v1/dokumenter", {"sendt": "true"}, **api.headers).json()
    assert body["count"] == 1 and body["items"][0]["art"] == "agterskrivelse"
    dok_id = body["items"][0]["id"]
    assert client.get(f"/api/v1/dokumenter/{dok_id}/pdf", **auth(token_for(other))).status_code == 404
