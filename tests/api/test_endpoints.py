"""What the endpoints answer: data, filters and search, pagination, and refusals with the UI's Danish
messages and the right status codes (400 field errors, 409 refused by state or rule)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogforloeb import services as dialog_services
from risiko.models import DIMENSION_KEYS
from risiko.services import POST_KRAEVER_KVALITETSVURDERING
from tests import factories
from tilsyn.models import Enhed, Tilsynsbesoeg

from .conftest import auth, token_for

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def get(client, url, user, **params):
    return client.get(url, params, **auth(token_for(user)))


def post(client, url, user, body, *, raw: str | None = None):
    return client.post(url, data=raw if raw is not None else json.dumps(body), content_type="application/json",
                       **auth(token_for(user)))


# --- Units -------------------------------------------------------------------------------------------

def test_tilbud_list_filters_search_and_pagination(client, own):
    for i in range(4):
        factories.TilbudFactory(navn=f"Opholdsstedet Fjordblik {i}", godkendelsesstatus="ansoegt", godkendt_dato=None)
    response = get(client, "/api/v1/tilbud", own.konsulent, q="fjordblik", page_size=3)
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 4 and body["pages"] == 2 and body["page"] == 1 and len(body["items"]) == 3
    assert [t["navn"] for t in body["items"]] == [f"Opholdsstedet Fjordblik {i}" for i in range(3)]
    assert get(client, "/api/v1/tilbud", own.konsulent, q="fjordblik", page_size=3, page=2).json()["items"][0][
        "navn"] == "Opholdsstedet Fjordblik 3"
    body = get(client, "/api/v1/tilbud", own.konsulent, status="godkendt").json()
    assert [t["navn"] for t in body["items"]] == ["Bostedet Ågården hovedstaden"]
    item = body["items"][0]
    assert item["godkendelsesstatus_tekst"] == "Godkendt" and item["tilbudstyper"][0]["kode"] == "SEL_108"
    assert item["ansvarlig_konsulent"] == {"id": own.konsulent.pk, "navn": str(own.konsulent)}
    assert item["url"] == own.tilbud.get_absolute_url() and item["naeste_besoeg"]
    # Search by CVR, as in the UI's list.
    factories.TilbudFactory(navn="Bostedet Kildevang", driftsherre_cvr="87654321")
    assert [t["navn"] for t in get(client, "/api/v1/tilbud", own.konsulent, q="87654321").json()["items"]] == [
        "Bostedet Kildevang"]


def test_bad_query_parameters_are_400_with_danish_messages(client, own):
    response = get(client, "/api/v1/tilbud", own.konsulent, page=0, page_size=500, status="lukket", kommune="x")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["page"] == ["Værdien skal være mindst 1."]
    assert errors["page_size"] == ["Værdien må højst være 200."]
    assert errors["status"][0].startswith("Vælg en af: ansoegt, godkendt")
    assert errors["kommune"] == ["Angiv et heltal."]
    response = get(client, "/api/v1/tilbud", own.konsulent, q="a\x00b")
    assert response.status_code == 400 and response.json()["errors"]["q"] == ["Teksten indeholder ugyldige tegn."]
    response = get(client, "/api/v1/tilbud", own.konsulent, kommune=10**30)
    assert response.status_code == 400 and response.json()["errors"]["kommune"] == [
        "Værdien må højst være 9223372036854775807."]


def test_tilbud_and_plejefamilie_detail(client, own):
    body = get(client, f"/api/v1/tilbud/{own.tilbud.pk}", own.jurist).json()
    assert body["navn"] == "Bostedet Ågården hovedstaden" and body["afdelinger"] == []
    assert body["driftsherre_cvr"] == "12345678" and body["kommune"]["navn"]
    body = get(client, f"/api/v1/plejefamilier/{own.plejefamilie.pk}", own.jurist).json()
    assert body["plejefamilietype_tekst"] == "Almen plejefamilie" and body["plejeforaelder_1"] == "Mette Østergård"
    # A plejefamilie is not a tilbud: 404, as in the UI.
    assert get(client, f"/api/v1/tilbud/{own.plejefamilie.pk}", own.jurist).status_code == 404


def test_list_query_counts_stay_flat(client, own):
    token = token_for(own.konsulent)
    client.get("/api/v1/frister", **auth(token))  # the token's "last used" is written at most once a minute

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, **auth(token)).status_code == 200
        return len(ctx)

    urls = ["/api/v1/tilbud", "/api/v1/plejefamilier", "/api/v1/tilsynsbesoeg", "/api/v1/risikovurderinger",
            "/api/v1/kvalitetsvurderinger", "/api/v1/frister"]
    before = {url: queries(url) for url in urls}
    for _ in range(3):
        tilbud = factories.TilbudFactory(ansvarlig_konsulent=own.konsulent)
        factories.PlejefamilieFactory()
        factories.TilsynsbesoegFactory(enhed=tilbud, oprettet_af=own.konsulent)
        from tests.frister.factories import frist
        from tests.kvalitetsmodel.factories import completed
        from tests.risiko.factories import RisikovurderingFactory

        RisikovurderingFactory(enhed=tilbud, vurderet_af=own.konsulent)
        completed(own.konsulent, tilbud)
        frist(enhed=tilbud, responsible=own.konsulent)
    assert {url: queries(url) for url in urls} == before


# --- Tilsynsbesøg ----------------------------------------------------------------------------------------

def besoeg_body(**kw):
    return {"besoegstype": "uanmeldt", "dato": str(TODAY - dt.timedelta(days=3)), "metoder": ["observation"],
            "datakilder": ["borgere", "ledelse"], **kw}


def test_log_a_visit(client, own):
    response = post(client, f"/api/v1/enheder/{own.tilbud.pk}/tilsynsbesoeg", own.konsulent,
                    besoeg_body(noter="Æ ø å: samtale med tre beboere."))
    assert response.status_code == 201, response.content
    body = response.json()
    besoeg = Tilsynsbesoeg.objects.get(pk=body["id"])
    assert besoeg.oprettet_af == own.konsulent and list(besoeg.konsulenter.all()) == [own.konsulent]
    assert besoeg.noter == "Æ ø å: samtale med tre beboere." and body["advarsler"] == []
    assert body["enhed"] == {"id": own.tilbud.pk, "art": "tilbud", "navn": own.tilbud.navn}
    # Found again through the list's filter.
    listed = get(client, "/api/v1/tilsynsbesoeg", own.konsulent, enhed=own.tilbud.pk, sort="-dato").json()
    assert body["id"] in [b["id"] for b in listed["items"]]


def test_visit_refusals_carry_the_forms_danish_messages(client, own, other):
    url = f"/api/v1/enheder/{own.tilbud.pk}/tilsynsbesoeg"
    response = post(client, url, own.konsulent, besoeg_body(besoegstype="anmeldt"))
    assert response.status_code == 400
    assert response.json()["errors"] == {"varslet_dato": ["Angiv hvornår det anmeldte besøg blev varslet."]}
    assert response.json()["detail"] == "Angiv hvornår det anmeldte besøg blev varslet."
    response = post(client, url, own.konsulent, besoeg_body(varslet_dato=str(TODAY - dt.timedelta(days=9))))
    assert response.json()["errors"]["varslet_dato"] == ["Et uanmeldt besøg varsles ikke. Fjern varslingsdatoen."]
    # Another socialtilsyn's konsulent is not a choice (the form's queryset is scoped).
    response = post(client, url, own.konsulent, besoeg_body(konsulenter=[other.konsulent.pk]))
    assert response.status_code == 400 and "konsulenter" in response.json()["errors"]
    response = post(client, url, own.konsulent, besoeg_body(metoder=[], noter="x\x00"))
    errors = response.json()["errors"]
    assert errors["metoder"] and errors["noter"] == ["Teksten indeholder ugyldige tegn."]
    response = post(client, url, own.konsulent, None, raw='{"besoegstype": ')
    assert response.status_code == 400 and response.json()["errors"] == {
        "__all__": ["Forespørgslens indhold er ikke gyldig JSON."]}
    assert not Tilsynsbesoeg.objects.filter(enhed=own.tilbud).exclude(pk=own.besoeg.pk).exists()


def test_announced_long_ahead_is_saved_with_the_l200_warning(client, own):
    response = post(client, f"/api/v1/enheder/{own.tilbud.pk}/tilsynsbesoeg", own.konsulent, besoeg_body(
        besoegstype="anmeldt", dato=str(TODAY - dt.timedelta(days=1)),
        varslet_dato=str(TODAY - dt.timedelta(days=40))))
    assert response.status_code == 201
    assert response.json()["advarsler"] == [
        "Besøget er varslet 39 dage før. Efter L 200 varsles anmeldte tilsynsbesøg højst 4 uger før."]


# --- Risk -----------------------------------------------------------------------------------------------

def risiko_body(**kw):
    return {"fase": "prae", "kategori": "roed", "begrundelse": "Flere magtanvendelser og ny ledelse.",
            "intensitetsplan": {k: {"niveau": "hoej", "note": "Uanmeldt hver måned"} for k in DIMENSION_KEYS}, **kw}


def test_record_a_risk_assessment_sets_the_units_colour(client, own):
    response = post(client, f"/api/v1/enheder/{own.tilbud.pk}/risikovurderinger", own.leder, risiko_body())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kategori"] == "roed" and body["kategori_tekst"] == "Rød" and body["forrige_kategori"] is None
    assert body["intensitetsplan"]["hyppighed"] == {"niveau": "hoej", "note": "Uanmeldt hver måned"}
    assert Enhed.objects.get(pk=own.tilbud.pk).risikokategori == "roed"
    assert get(client, "/api/v1/risikovurderinger", own.jurist, kategori="roed").json()["count"] == 1


def test_risk_refusals(client, own):
    url = f"/api/v1/enheder/{own.tilbud.pk}/risikovurderinger"
    response = post(client, url, own.konsulent, risiko_body(fase="post"))
    assert response.status_code == 400
    assert response.json()["errors"]["kvalitetsvurdering"] == [POST_KRAEVER_KVALITETSVURDERING]
    plan = risiko_body()["intensitetsplan"]
    del plan["omfang"]
    response = post(client, url, own.konsulent, risiko_body(intensitetsplan=plan))
    assert response.status_code == 400 and response.json()["errors"]["niveau_omfang"]
    response = post(client, url, own.konsulent, risiko_body(dato=str(TODAY + dt.timedelta(days=1))))
    assert response.json()["errors"]["dato"] == ["En risikovurdering kan ikke dateres frem i tiden."]
    # A post assessment follows the completed quality assessment: accepted.
    response = post(client, url, own.konsulent, risiko_body(fase="post", kvalitetsvurdering=own.kvalitetsvurdering.pk))
    assert response.status_code == 201 and response.json()["kvalitetsvurdering_id"] == own.kvalitetsvurdering.pk


def test_a_leder_may_not_plan_a_visit_with_the_assessment(client, own):
    response = post(client, f"/api/v1/enheder/{own.tilbud.pk}/risikovurderinger", own.leder,
                    risiko_body(planlagt_besoeg={"dato": str(TODAY + dt.timedelta(days=10))}))
    assert response.status_code == 403
    assert response.json()["detail"] == "Kun konsulenter planlægger tilsynsbesøg."


# --- Quality assessments and frister ----------------------------------------------------------------------

def test_completed_quality_assessments_at_theme_level(client, own):
    from tests.kvalitetsmodel.factories import start

    start(own.konsulent, own.plejefamilie)  # a draft: never listed
    body = get(client, "/api/v1/kvalitetsvurderinger", own.leder).json()
    assert [v["id"] for v in body["items"]] == [own.kvalitetsvurdering.pk]
    item = body["items"][0]
    assert item["temaer"][0]["nummer"] == 1 and item["temaer"][0]["score"] == 4.0
    assert item["temaer"][0]["tekst"] == "Temaet er vurderet på baggrund af indikatorerne."
    assert item["model"]["version"] and item["afsluttet"]


def test_frister_filters(client, own):
    body = get(client, "/api/v1/frister", own.konsulent, mine="true", status="aktive").json()
    assert [f["id"] for f in body["items"]] == [own.frist.pk]
    assert body["items"][0]["titel"] == "Påbud om medicin" and body["items"][0]["art_tekst"] == "Påbudsfrist"
    assert get(client, "/api/v1/frister", own.jurist, mine="true").json()["count"] == 0


# --- Dialogforløb writes ------------------------------------------------------------------------------

def test_register_a_bekymring_and_log_an_activity(client, own):
    response = post(client, f"/api/v1/enheder/{own.plejefamilie.pk}/dialogforloeb", own.konsulent, {
        "kilde": "paaroerende", "alvor": "hoej", "beskrivelse": "Barnet fortæller om uro om natten.",
        "temaer": "Tema 4 Sundhed og trivsel"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "aabnet" and body["ansvarlig"]["id"] == own.konsulent.pk
    response = post(client, f"/api/v1/dialogforloeb/{body['id']}/aktiviteter", own.konsulent, {
        "art": "orientering", "dato": str(TODAY), "form": "telefon", "referat": "Leder orienteret."})
    assert response.status_code == 201, response.content
    assert response.json()["art_tekst"] == "Orientering af ledelsen"


def test_activity_refusals(client, own):
    url = f"/api/v1/dialogforloeb/{own.forloeb.pk}/aktiviteter"
    response = post(client, url, own.konsulent, {"art": "anmodning_redegoerelse", "dato": str(TODAY), "form": "skriftlig"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"frist": ["En anmodning om redegørelse skal have en frist."]}
    response = post(client, url, own.konsulent, {"art": "dialogmoede_afklarende", "dato": str(TODAY + dt.timedelta(days=1)),
                                                 "form": "moede"})
    assert response.status_code == 400
    assert response.json()["errors"]["dato"] == [
        "En aktivitet registreres, når den har fundet sted: datoen kan ikke ligge i fremtiden."]
    dialog_services.forloeb_close(actor=own.konsulent, forloeb=own.forloeb, udfald="bekymring_ophoert",
                                  begrundelse="Forholdene er bragt i orden.")
    response = post(client, url, own.konsulent, {"art": "dialogmoede_afklarende", "dato": str(TODAY), "form": "moede"})
    assert response.status_code == 409
    assert response.json()["detail"] == "Forløbet er afsluttet. En leder kan genåbne det med en begrundelse."
