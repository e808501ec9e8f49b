import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from risiko import selectors
from risiko.models import Risikovurdering
from tests import factories
from tests.risiko.factories import kvalitetsvurdering, plan

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


def _history(enhed, user, *steps):
    """steps: (date, kategori); sets the unit's current colour to the last one."""
    rows, previous = [], ""
    for dato, kategori in steps:
        rows.append(Risikovurdering(enhed=enhed, fase="prae", kategori=kategori, forrige_kategori=previous,
                                    begrundelse="Test", intensitetsplan=plan(), dato=dato, vurderet_af=user))
        previous = kategori
    Risikovurdering.objects.bulk_create(rows)
    enhed.risikokategori = previous
    enhed.risikokategori_siden = steps[-1][0]
    enhed.save()


def test_counts_history_and_list_on_a_known_data_set(konsulent_hovedstaden):
    k = konsulent_hovedstaden
    a = factories.TilbudFactory(navn="A rød")
    b = factories.TilbudFactory(navn="B gul")
    c = factories.PlejefamilieFactory(navn="C grøn")
    d = factories.PlejefamilieFactory(navn="D grøn")
    factories.TilbudFactory(navn="E ikke vurderet")
    factories.TilbudFactory(navn="F ophørt rød", godkendelsesstatus="ophoert", risikokategori="roed")
    factories.TilbudFactory(socialtilsyn=factories.socialtilsyn("syd"), navn="G anden", risikokategori="roed")
    _history(a, k, (dt.date(2025, 6, 1), "groen"), (dt.date(2026, 4, 15), "gul"), (dt.date(2026, 9, 20), "roed"))
    _history(b, k, (dt.date(2026, 2, 1), "roed"), (dt.date(2026, 7, 10), "gul"))
    _history(c, k, (dt.date(2024, 1, 1), "groen"))
    _history(d, k, (dt.date(2026, 10, 5), "groen"))

    data = selectors.risikooverblik(k, today=TODAY)
    assert data.counts == {"roed": 1, "gul": 1, "groen": 2, "": 1}
    assert data.total == 5
    months = {m.dato: m.counts for m in data.maaneder}
    assert len(data.maaneder) == 13 and data.maaneder[-1].label == "i dag"
    assert months[dt.date(2025, 11, 30)] == {"roed": 0, "gul": 0, "groen": 2}
    assert months[dt.date(2026, 3, 31)] == {"roed": 1, "gul": 0, "groen": 2}
    assert months[dt.date(2026, 8, 31)] == {"roed": 0, "gul": 2, "groen": 1}
    assert months[dt.date(2026, 10, 31)] == {"roed": 1, "gul": 1, "groen": 2}
    assert data.skift == {"op": 2, "ned": 1}
    assert [e.navn for e in data.enheder] == ["A rød", "B gul"]
    assert data.enheder[0].alder_dage == (TODAY - dt.date(2026, 9, 20)).days

    assert selectors.risikooverblik(k, {"art": "plejefamilie"}, today=TODAY).counts == {
        "roed": 0, "gul": 0, "groen": 2, "": 0}
    assert selectors.risikooverblik(k, {"kommune": a.kommune_id}, today=TODAY).total == 5


def test_open_dialogforloeb_is_shown(konsulent_hovedstaden):
    from dialogforloeb.models import Dialogforloeb

    a = factories.TilbudFactory(navn="A", risikokategori="roed", risikokategori_siden=dt.date(2026, 1, 1))
    factories.TilbudFactory(navn="B", risikokategori="gul", risikokategori_siden=dt.date(2026, 1, 1))
    Dialogforloeb.objects.create(enhed=a, beskrivelse="Bekymring", ansvarlig=konsulent_hovedstaden,
                                 oprettet_af=konsulent_hovedstaden, aabnet=dt.date(2026, 10, 1),
                                 sidste_aktivitet=dt.date(2026, 10, 1))
    data = selectors.risikooverblik(konsulent_hovedstaden, today=TODAY)
    assert [(e.navn, e.aabent_forloeb) for e in data.enheder] == [("A", True), ("B", False)]


def test_mangler_post_lists_units_whose_latest_completed_assessment_has_no_post(konsulent_hovedstaden):
    from risiko.services import risikovurdering_create

    a = factories.TilbudFactory(navn="A")
    b = factories.TilbudFactory(navn="B")
    factories.TilbudFactory(navn="C uden kvalitetsvurdering")
    kv_a = kvalitetsvurdering(a)
    kvalitetsvurdering(b, afsluttet=False)
    assert [e.navn for e in selectors.mangler_post(konsulent_hovedstaden)] == ["A"]
    risikovurdering_create(actor=konsulent_hovedstaden, enhed=a, fase="post", kategori="groen", begrundelse="OK",
                           intensitetsplan=plan(), kvalitetsvurdering=kv_a)
    assert list(selectors.mangler_post(konsulent_hovedstaden)) == []
    kvalitetsvurdering(a)  # a newer completed assessment asks for a new post assessment
    assert [e.navn for e in selectors.mangler_post(konsulent_hovedstaden)] == ["A"]
    assert list(selectors.mangler_post(factories.konsulent("syd"))) == []


def _units(n: int, user):
    kategorier = ["groen"] * 7 + ["gul"] * 2 + ["roed"]
    units = [factories.PlejefamilieFactory(risikokategori=kategorier[i % 10], risikokategori_siden=dt.date(2026, 1, 1),
                                           ansvarlig_konsulent=user) for i in range(n)]
    Risikovurdering.objects.bulk_create([
        Risikovurdering(enhed=u, fase="prae", kategori=u.risikokategori, begrundelse="x", intensitetsplan=plan(),
                        dato=dt.date(2026, 1, 1), vurderet_af=user) for u in units
    ])
    return units


def test_overview_query_count_is_constant_for_10_and_500_units(client, leder_hovedstaden):
    client.force_login(leder_hovedstaden)
    url = reverse("risiko:overblik")
    counts = []
    for n in (10, 490):
        _units(n, leder_hovedstaden)
        client.get(url)  # warm caches (session, content types)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    data = selectors.risikooverblik(leder_hovedstaden)
    assert data.counts == {"groen": 350, "gul": 100, "roed": 50, "": 0}


def test_unit_tab_query_count_is_constant(client_konsulent, tilbud, konsulent_hovedstaden):
    url = reverse("tilbud_tab", args=[tilbud.pk, "risiko"])
    counts = []
    for extra in (1, 20):
        _history(tilbud, konsulent_hovedstaden, *[(dt.date(2024, 1, 1) + dt.timedelta(days=30 * i), "gul")
                                                  for i in range(extra)])
        client_konsulent.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client_konsulent.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_graf_levels_are_labelled_with_words(konsulent_hovedstaden, tilbud):
    _history(tilbud, konsulent_hovedstaden, (dt.date(2025, 3, 1), "groen"), (dt.date(2026, 5, 1), "roed"))
    graf = selectors.graf_for(selectors.historik_for_enhed(konsulent_hovedstaden, tilbud), today=TODAY)
    assert [lvl["label"] for lvl in graf.levels] == ["Rød", "Gul", "Grøn"]
    assert [p["label"] for p in graf.points] == ["Grøn", "Rød"]
    assert graf.points[0]["y"] > graf.points[1]["y"]  # rød is drawn higher than grøn
    assert graf.path.startswith("M ") and graf.path.count("V") == 1
