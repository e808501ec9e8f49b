import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kvalitetsmodel.models import Bedoemmelse, Kvalitetsvurdering
from tests import factories
from tests.kvalitetsmodel.factories import completed, fill, start

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def row_post(b, **data):
    prefix = f"b{b.pk}"
    out = {f"{prefix}-begrundelse": data.get("begrundelse", "Set på besøget."),
           f"{prefix}-datakilder": data.get("datakilder", ["ledelse"])}
    if "score" in data:
        out[f"{prefix}-score"] = data["score"]
    return out


def save_url(b):
    return reverse("kvalitetsmodel:bedoemmelse_gem", args=[b.vurdering_id, b.pk])


def test_start_page_and_form(client_konsulent, tilbud):
    url = reverse("kvalitetsmodel:start", args=[tilbud.pk])
    page = client_konsulent.get(url)
    assert page.status_code == 200 and "Start kvalitetsvurdering" in page.content.decode()
    bad = client_konsulent.post(url, {"art": "nonsens"})
    assert bad.status_code == 200 and "Der er fejl i formularen" in bad.content.decode()
    assert not Kvalitetsvurdering.objects.exists()
    resp = client_konsulent.post(url, {"art": "drift", "model": page.context["form"].fields["model"].initial})
    vurdering = Kvalitetsvurdering.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("kvalitetsmodel:udfyld", args=[vurdering.pk])


def test_form_page_groups_by_theme_and_lists_missing(client_konsulent, konsulent_hovedstaden, tilbud):
    vurdering = start(konsulent_hovedstaden, tilbud)
    html = client_konsulent.get(reverse("kvalitetsmodel:udfyld", args=[vurdering.pk])).content.decode()
    assert "Tema 5: Organisation og ledelse" in html and "Indikator 4a" in html
    assert "Mangler før afslutning" in html and "(tekst ikke verificeret)" in html
    assert "I meget høj grad opfyldt" in html


def test_htmx_save_updates_scores_and_missing_out_of_band(client_konsulent, konsulent_hovedstaden, tilbud):
    vurdering = start(konsulent_hovedstaden, tilbud)
    b = vurdering.bedoemmelser.get(indikator__kriterium__nummer=7, indikator__bogstav="a")
    resp = client_konsulent.post(save_url(b), row_post(b, score="2"), **HTMX)
    html = resp.content.decode()
    assert resp.status_code == 200 and "Gemt" in html
    assert f'id="kscore-{b.kriterium_id}" hx-swap-oob="true">Score 2,00' in html
    b.refresh_from_db()
    assert b.score == 2 and b.begrundelse == "Set på besøget." and b.datakilder == ["ledelse"]
    assert 'id="mangler" hx-swap-oob="true"' in html and "Indikator 7a" not in html.split('id="mangler"')[1]


def test_htmx_save_refusal_is_shown_and_nothing_saved(client_konsulent, konsulent_hovedstaden, tilbud):
    vurdering = start(konsulent_hovedstaden, tilbud)
    b = vurdering.bedoemmelser.get(ikke_relevant=True)
    html = client_konsulent.post(save_url(b), row_post(b, score="4"), **HTMX).content.decode()
    assert "Ikke gemt" in html and "ikke relevant" in html
    b.refresh_from_db()
    assert b.score is None and b.begrundelse == ""
    b2 = vurdering.bedoemmelser.exclude(ikke_relevant=True).first()
    html = client_konsulent.post(save_url(b2), row_post(b2, score="9"), **HTMX).content.decode()
    assert "Vælg en score fra 1 til 5." in html


def test_save_without_htmx_redirects_back(client_konsulent, konsulent_hovedstaden, tilbud):
    vurdering = start(konsulent_hovedstaden, tilbud)
    b = vurdering.bedoemmelser.exclude(ikke_relevant=True).first()
    resp = client_konsulent.post(save_url(b), row_post(b, score="5"))
    assert resp.status_code == 302 and resp.url.endswith(f"#b{b.pk}")


def _save_queries(client, b):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.post(save_url(b), row_post(b, score="3"), **HTMX)
    assert resp.status_code == 200
    return len(ctx.captured_queries)


def test_saving_one_score_uses_a_constant_number_of_queries(client_konsulent, konsulent_hovedstaden, plejefamilie):
    small = start(konsulent_hovedstaden, plejefamilie)  # 18 indicators
    n_small = _save_queries(client_konsulent, small.bedoemmelser.first())
    tilbud = factories.TilbudFactory()
    for year in (2022, 2023, 2024):
        completed(konsulent_hovedstaden, tilbud, 4, dato=dt.date(year, 3, 1))
    big = start(konsulent_hovedstaden, tilbud)  # 29 indicators, three earlier assessments
    n_big = _save_queries(client_konsulent, big.bedoemmelser.exclude(ikke_relevant=True).last())
    assert n_small == n_big


def test_text_and_general_saves(client_konsulent, konsulent_hovedstaden, tilbud):
    vurdering = start(konsulent_hovedstaden, tilbud)
    tema = vurdering.temavurderinger.get(tema__nummer=3)
    url = reverse("kvalitetsmodel:tekst_gem", args=[vurdering.pk])
    data = {"niveau": "tema", "objekt": tema.tema_id, "tekst": "Gode metoder."}
    html = client_konsulent.post(url, data, **HTMX).content.decode()
    assert "Gemt" in html
    tema.refresh_from_db()
    assert tema.tekst == "Gode metoder."
    url = reverse("kvalitetsmodel:generelt_gem", args=[vurdering.pk])
    resp = client_konsulent.post(url, {"g-dato": "ikke en dato", "g-samlet_vurdering": "Samlet."}, **HTMX)
    assert "Ikke gemt" in resp.content.decode() and "gyldig dato" in resp.content.decode()
    vurdering.refresh_from_db()
    assert vurdering.samlet_vurdering == ""
    client_konsulent.post(url, {"g-dato": "2026-11-20", "g-samlet_vurdering": "Samlet.", "g-oekonomi_baeredygtig": "ja"},
                          **HTMX)
    vurdering.refresh_from_db()
    assert vurdering.samlet_vurdering == "Samlet." and vurdering.dato == dt.date(2026, 11, 20)


def test_complete_refused_shows_message_then_completes(client_konsulent, konsulent_hovedstaden, tilbud):
    vurdering = fill(start(konsulent_hovedstaden, tilbud), 4, leave_out=("Indikator 3b",))
    url = reverse("kvalitetsmodel:afslut", args=[vurdering.pk])
    resp = client_konsulent.post(url, follow=True)
    assert "Indikator 3b (score, begrundelse, datakilder)" in resp.content.decode()
    vurdering.refresh_from_db()
    assert vurdering.status == "kladde"
    Bedoemmelse.objects.filter(vurdering=vurdering, indikator__kriterium__nummer=3, indikator__bogstav="b").update(
        score=4, begrundelse="x", datakilder=["ledelse"])
    resp = client_konsulent.post(url, follow=True)
    html = resp.content.decode()
    assert "afsluttet og låst" in html and "<svg" in html and "Score pr. tema" in html
    assert "Vurdér nu risikoen (post-vurdering)" in html  # the issue: completing asks for the post assessment
    # Locked: the form page now redirects to the read-only page.
    assert client_konsulent.get(reverse("kvalitetsmodel:udfyld", args=[vurdering.pk])).status_code == 302


def test_other_socialtilsyn_gets_404_everywhere(client, konsulent_syd, konsulent_hovedstaden, tilbud):
    vurdering = completed(konsulent_hovedstaden, tilbud)
    draft = start(konsulent_hovedstaden, tilbud)
    b = draft.bedoemmelser.first()
    client.force_login(konsulent_syd)
    for url in [reverse("kvalitetsmodel:detail", args=[vurdering.pk]), reverse("kvalitetsmodel:udfyld", args=[draft.pk]),
                reverse("kvalitetsmodel:start", args=[tilbud.pk]), reverse("kvalitetsmodel:ret", args=[vurdering.pk])]:
        assert client.get(url).status_code == 404, url
    for url in [save_url(b), reverse("kvalitetsmodel:afslut", args=[draft.pk]),
                reverse("kvalitetsmodel:rapport", args=[vurdering.pk]),
                reverse("kvalitetsmodel:tekst_gem", args=[draft.pk])]:
        assert client.post(url, row_post(b, score="1"), **HTMX).status_code == 404, url
    b.refresh_from_db()
    assert b.score is None
    vurdering.refresh_from_db()
    assert vurdering.rapport_id is None


def test_jurist_cannot_start_or_score(client, jurist_hovedstaden, konsulent_hovedstaden, tilbud):
    draft = start(konsulent_hovedstaden, tilbud)
    client.force_login(jurist_hovedstaden)
    assert client.get(reverse("kvalitetsmodel:start", args=[tilbud.pk])).status_code == 403
    assert client.get(reverse("kvalitetsmodel:udfyld", args=[draft.pk])).status_code == 403
    assert client.get(reverse("kvalitetsmodel:detail", args=[draft.pk])).status_code == 200
    # Every autosave endpoint answers 403 alike (the score save used to answer 200 with the refusal).
    b = draft.bedoemmelser.first()
    for url in [save_url(b), reverse("kvalitetsmodel:tekst_gem", args=[draft.pk]),
                reverse("kvalitetsmodel:generelt_gem", args=[draft.pk]), reverse("kvalitetsmodel:afslut", args=[draft.pk])]:
        assert client.post(url, row_post(b, score="1"), **HTMX).status_code == 403, url
    b.refresh_from_db()
    assert b.score is None


def test_only_case_workers_issue_the_report(client, jurist_hovedstaden, konsulent_hovedstaden, tilbud):
    """A jurist reads the tilsynsrapport once it exists but does not issue it: no button, and 403 on POST."""
    vurdering = completed(konsulent_hovedstaden, tilbud)
    client.force_login(jurist_hovedstaden)
    html = client.get(reverse("kvalitetsmodel:detail", args=[vurdering.pk])).content.decode()
    assert "Udarbejd tilsynsrapport" not in html and "Tilsynsrapporten er ikke udarbejdet endnu" in html
    assert client.post(reverse("kvalitetsmodel:rapport", args=[vurdering.pk])).status_code == 403
    vurdering.refresh_from_db()
    assert vurdering.rapport_id is None


def test_unit_tab_overblik_action_and_query_counts(client_konsulent, konsulent_hovedstaden):
    small = factories.TilbudFactory()
    completed(konsulent_hovedstaden, small, 4, dato=dt.date(2024, 3, 1))
    completed(konsulent_hovedstaden, small, 3, dato=dt.date(2025, 3, 1))
    big = factories.TilbudFactory()
    for year in (2020, 2021, 2022, 2023, 2024, 2025):
        completed(konsulent_hovedstaden, big, 3 + year % 2, dato=dt.date(year, 3, 1), scores={"Indikator 7a": 1 + year % 3})
    start(konsulent_hovedstaden, big)

    def counts(enhed):
        out = []
        for url in (reverse("tilbud_tab", args=[enhed.pk, "kvalitet"]), enhed.get_absolute_url()):
            with CaptureQueriesContext(connection) as ctx:
                resp = client_konsulent.get(url)
            assert resp.status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    html = client_konsulent.get(reverse("tilbud_tab", args=[big.pk, "kvalitet"])).content.decode()
    assert "Kvalitetsvurderinger" in html and "Start kvalitetsvurdering" in html and "<svg" in html
    assert "Forrige (stiplet)" in html and html.count("<tr>") >= 7
    unit = client_konsulent.get(big.get_absolute_url()).content.decode()
    assert "Seneste kvalitetsvurdering" in unit and "Score pr. tema" in unit
    assert counts(small) == counts(big)


def test_overblik_sections_for_konsulent_and_leder(client, konsulent_hovedstaden, leder_hovedstaden, tilbud):
    completed(konsulent_hovedstaden, tilbud, 4, dato=dt.date(2025, 1, 1))
    completed(konsulent_hovedstaden, tilbud, 4, dato=dt.date(2026, 1, 1), scores={"Indikator 7a": 1})
    draft = start(konsulent_hovedstaden, factories.TilbudFactory(navn="Kladdehuset"))
    client.force_login(konsulent_hovedstaden)
    html = client.get("/").content.decode()
    assert "Igangværende vurderinger" in html and "Kladdehuset" in html
    assert reverse("kvalitetsmodel:udfyld", args=[draft.pk]) in html
    client.force_login(leder_hovedstaden)
    html = client.get("/").content.decode()
    assert "Kvalitetsflag" in html and "Kriterium 7: faldet 3,00 point til 1,00" in html
    other = factories.leder("syd")
    client.force_login(other)
    assert "Kriterium 7: faldet" not in client.get("/").content.decode()


def test_correction_view(client_konsulent, konsulent_hovedstaden, tilbud):
    vurdering = completed(konsulent_hovedstaden, tilbud)
    url = reverse("kvalitetsmodel:ret", args=[vurdering.pk])
    resp = client_konsulent.post(url, {"grund": ""})
    assert "Skriv hvorfor vurderingen rettes." in resp.content.decode()
    assert Kvalitetsvurdering.objects.count() == 1
    resp = client_konsulent.post(url, {"grund": "Fejl i tema 3."})
    ny = Kvalitetsvurdering.objects.get(version=2)
    assert resp.url == reverse("kvalitetsmodel:udfyld", args=[ny.pk])
    html = client_konsulent.get(reverse("kvalitetsmodel:detail", args=[vurdering.pk])).content.decode()
    assert "Versioner" in html and "Fejl i tema 3." in html



def test_correction_opened_by_a_leder_reaches_the_units_konsulent(client, konsulent_hovedstaden, leder_hovedstaden):
    """A leder may open a correction but not score it: the unit's konsulent must find it on the start page."""
    tilbud = factories.TilbudFactory(navn="Rettehuset", ansvarlig_konsulent=konsulent_hovedstaden)
    vurdering = completed(factories.konsulent("hovedstaden", username="kollega"), tilbud)
    client.force_login(leder_hovedstaden)
    resp = client.post(reverse("kvalitetsmodel:ret", args=[vurdering.pk]), {"grund": "Fejl i tema 3."}, follow=True)
    ny = Kvalitetsvurdering.objects.get(version=2)
    assert "Enhedens konsulent finder den under Igangværende vurderinger" in resp.content.decode()
    client.force_login(konsulent_hovedstaden)
    html = client.get("/").content.decode()
    assert "Rettehuset" in html and reverse("kvalitetsmodel:udfyld", args=[ny.pk]) in html


def test_unit_history_shows_both_versions_of_a_corrected_assessment(client_konsulent, konsulent_hovedstaden, tilbud):
    from kvalitetsmodel import services

    original = completed(konsulent_hovedstaden, tilbud)
    ny = services.vurdering_ret(actor=konsulent_hovedstaden, vurdering=original, grund="Fejl i tema 3.")
    services.vurdering_afslut(actor=konsulent_hovedstaden, vurdering=ny)
    html = client_konsulent.get(reverse("tilbud_tab", args=[tilbud.pk, "historik"])).content.decode()
    assert html.count("Oprettet: kvalitetsvurdering") == 2
    assert "Erstattet af en rettet version" in html


def test_ids_are_not_localized_with_thousand_separators(client_konsulent, konsulent_hovedstaden, tilbud):
    """Danish number formatting once rendered id="b18.215": htmx targets and posted ids must be plain."""
    with connection.cursor() as cur:
        cur.execute("SELECT setval(pg_get_serial_sequence('kvalitetsmodel_bedoemmelse', 'id'), 123456)")
    vurdering = start(konsulent_hovedstaden, tilbud)
    b = vurdering.bedoemmelser.exclude(ikke_relevant=True).order_by("pk").first()
    assert b.pk > 123456
    html = client_konsulent.get(reverse("kvalitetsmodel:udfyld", args=[vurdering.pk])).content.decode()
    assert f'id="b{b.pk}"' in html and f'hx-target="#status-b{b.pk}"' in html
    assert "123.45" not in html


def test_start_form_suggests_the_latest_visit(client_konsulent, tilbud):
    from django.utils import timezone

    besoeg = factories.TilsynsbesoegFactory(enhed=tilbud, dato=timezone.localdate() - dt.timedelta(days=3))
    resp = client_konsulent.get(reverse("kvalitetsmodel:start", args=[tilbud.pk]))
    assert resp.context["form"].initial["besoeg"] == besoeg.pk


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200
    return len(ctx.captured_queries)


def test_form_and_detail_pages_have_constant_query_counts(client_konsulent, konsulent_hovedstaden, plejefamilie):
    small_draft = start(konsulent_hovedstaden, plejefamilie)  # 18 indicators
    lille = factories.TilbudFactory()
    completed(konsulent_hovedstaden, lille, 4, dato=dt.date(2024, 1, 1))
    small_done = completed(konsulent_hovedstaden, lille, 3, dato=dt.date(2025, 1, 1))
    tilbud = factories.TilbudFactory()
    for year in (2019, 2020, 2021, 2022, 2023):
        completed(konsulent_hovedstaden, tilbud, 3 + year % 2, dato=dt.date(year, 1, 1), scores={"Indikator 4a": 1})
    big_done = completed(konsulent_hovedstaden, tilbud, 2, dato=dt.date(2024, 6, 1))
    big_draft = start(konsulent_hovedstaden, tilbud)  # 29 indicators
    udfyld = [_page_queries(client_konsulent, reverse("kvalitetsmodel:udfyld", args=[v.pk])) for v in (small_draft, big_draft)]
    detail = [_page_queries(client_konsulent, reverse("kvalitetsmodel:detail", args=[v.pk])) for v in (small_done, big_done)]
    assert udfyld[0] == udfyld[1]
    assert detail[0] == detail[1]


def test_admin_cannot_add_assessments(admin_client, konsulent_hovedstaden, tilbud):
    completed(konsulent_hovedstaden, tilbud)
    assert admin_client.get(reverse("admin:kvalitetsmodel_kvalitetsvurdering_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:kvalitetsmodel_kvalitetsvurdering_add")).status_code == 403
