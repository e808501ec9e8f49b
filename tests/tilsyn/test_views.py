import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tilsyn.models import Tilbud, Tilbudstype, Tilsynsbesoeg

pytestmark = pytest.mark.django_db


def test_every_page_needs_login(client, tilbud):
    for url in [reverse("overblik"), reverse("tilbud_list"), reverse("tilbud_detail", args=[tilbud.pk]),
                reverse("besoeg_list"), reverse("search") + "?q=a"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_pages_render_for_consultant(client_konsulent, tilbud, plejefamilie):
    factories.TilsynsbesoegFactory(enhed=tilbud)
    for url in [reverse("overblik"), reverse("tilbud_list"), reverse("plejefamilie_list"),
                reverse("tilbud_detail", args=[tilbud.pk]), reverse("plejefamilie_detail", args=[plejefamilie.pk]),
                reverse("tilbud_tab", args=[tilbud.pk, "besoeg"]), reverse("tilbud_tab", args=[tilbud.pk, "historik"]),
                reverse("besoeg_list"), reverse("besoegsplan"), reverse("tilbud_create"), reverse("plejefamilie_create"),
                reverse("besoeg_create", args=[tilbud.pk]), reverse("search") + "?q=Æble"]:
        assert client_konsulent.get(url).status_code == 200, url
    assert client_konsulent.get(reverse("tilbud_tab", args=[tilbud.pk, "findes-ikke"])).status_code == 404


def test_create_tilbud_with_bad_input_shows_danish_errors_and_saves_nothing(client_konsulent):
    response = client_konsulent.post(reverse("tilbud_create"), {
        "navn": "", "driftsherre_cvr": "12ab", "alder_fra": "30", "alder_til": "20", "pladser": "0",
        "afdeling-TOTAL_FORMS": "1", "afdeling-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "Der er fejl i formularen" in html
    assert "Dette felt er påkrævet." in html
    assert "CVR-nummeret skal være otte cifre." in html
    assert "Vælg mindst én tilbudstype." in html
    assert "Alder til skal være mindst lige så høj som alder fra." in html
    assert not Tilbud.objects.exists()


def test_create_tilbud_through_the_form(client_konsulent, konsulent_hovedstaden):
    kommune = factories.kommune_i(konsulent_hovedstaden.socialtilsyn)
    response = client_konsulent.post(reverse("tilbud_create"), {
        "navn": "Opholdsstedet Fjordblik", "tilbudstyper": [Tilbudstype.objects.get(kode="BL_43_6").pk],
        "driftsherre_navn": "Fjordblik ApS", "driftsherre_ejerform": "privat", "driftsherre_cvr": "11223344",
        "maalgrupper": "Børn med omsorgssvigt", "pladser": "6", "adresse": "Fjordvej 2", "postnummer": "2000",
        "by": "Frederiksberg", "kommune": kommune.pk, "alder_fra": "6", "alder_til": "17",
        "godkendelsesstatus": "godkendt", "godkendt_dato": "2026-01-05",
        "afdeling-TOTAL_FORMS": "1", "afdeling-INITIAL_FORMS": "0",
        "afdeling-0-navn": "Hovedhuset", "afdeling-0-pladser": "6",
    })
    tilbud = Tilbud.objects.get()
    assert response.status_code == 302
    assert response["Location"] == tilbud.get_absolute_url()
    assert tilbud.afdelinger.get().navn == "Hovedhuset"


def test_visit_form_rules(client_konsulent, konsulent_hovedstaden, tilbud):
    url = reverse("besoeg_create", args=[tilbud.pk])
    base = {"status": "gennemfoert", "dato": "2026-11-10", "konsulenter": [konsulent_hovedstaden.pk],
            "metoder": ["observation"], "datakilder": ["borgere"]}
    response = client_konsulent.post(url, {**base, "besoegstype": "uanmeldt", "varslet_dato": "2026-11-01"})
    assert "Et uanmeldt besøg varsles ikke" in response.content.decode()
    response = client_konsulent.post(url, {**base, "besoegstype": "anmeldt"})
    assert "Angiv hvornår det anmeldte besøg blev varslet." in response.content.decode()
    assert not Tilsynsbesoeg.objects.exists()
    response = client_konsulent.post(url, {**base, "besoegstype": "anmeldt", "varslet_dato": "2026-09-01"}, follow=True)
    html = response.content.decode()
    assert "Efter L 200 varsles anmeldte tilsynsbesøg højst 4 uger før." in html
    besoeg = Tilsynsbesoeg.objects.get()
    assert besoeg.dato == dt.date(2026, 11, 10) and besoeg.oprettet_af == konsulent_hovedstaden


def test_jurist_cannot_open_create_forms(client, jurist_hovedstaden, tilbud):
    client.force_login(jurist_hovedstaden)
    assert client.get(reverse("tilbud_create")).status_code == 403
    assert client.get(reverse("besoeg_create", args=[tilbud.pk])).status_code == 403
    assert client.get(reverse("tilbud_detail", args=[tilbud.pk])).status_code == 200


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["tilbud_list", "besoeg_list", "besoegsplan"])
def test_lists_use_constant_queries_for_10_and_200_rows(client_konsulent, url_name):
    factories.TilbudFactory.create_batch(10)
    for t in Tilbud.objects.all():
        factories.TilsynsbesoegFactory(enhed=t, dato=dt.date(2025, 1, 1))
    url = reverse(url_name) + "?page=1"
    small = _count_queries(client_konsulent, url)
    factories.TilbudFactory.create_batch(190)
    for t in Tilbud.objects.filter(besoeg__isnull=True):
        factories.TilsynsbesoegFactory(enhed=t, dato=dt.date(2025, 1, 1))
    large = _count_queries(client_konsulent, url)
    assert small == large


def test_unit_page_query_count_constant(client_konsulent, tilbud):
    url = reverse("tilbud_detail", args=[tilbud.pk])
    factories.TilsynsbesoegFactory(enhed=tilbud)
    small = _count_queries(client_konsulent, url)
    factories.TilsynsbesoegFactory.create_batch(15, enhed=tilbud)
    assert _count_queries(client_konsulent, url) == small


def test_login_is_locked_after_five_failures(client, konsulent_hovedstaden):
    for _ in range(5):
        client.post(reverse("login"), {"username": konsulent_hovedstaden.username, "password": "forkert"})
    response = client.post(reverse("login"), {"username": konsulent_hovedstaden.username, "password": "demo-password-123"})
    assert response.status_code == 429
    assert "midlertidigt spærret" in response.content.decode()


def test_visit_page_offers_quality_assessment_from_the_visit(client_konsulent, tilbud):
    besoeg = factories.TilsynsbesoegFactory(enhed=tilbud)
    html = client_konsulent.get(reverse("besoeg_detail", args=[besoeg.pk])).content.decode()
    assert f"{reverse('kvalitetsmodel:start', args=[tilbud.pk])}?besoeg={besoeg.pk}" in html


def test_visit_plan_is_paginated(client_konsulent):
    for t in factories.TilbudFactory.create_batch(30):
        factories.TilsynsbesoegFactory(enhed=t, dato=dt.date(2024, 1, 1))
    html = client_konsulent.get(reverse("besoegsplan")).content.decode()
    assert "Besøgsinterval overskredet (30)" in html
    assert "Side 1 af 2" in html and "?side_o=2" in html
    assert "Side 2 af 2" in client_konsulent.get(reverse("besoegsplan") + "?side_o=2").content.decode()
