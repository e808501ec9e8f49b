import datetime as dt

import pytest
from django.urls import reverse

from risiko.models import Revurderingsforslag, Risikovurdering
from risiko.services import revurdering_foreslaa
from tests import factories
from tests.risiko.factories import RisikovurderingFactory

pytestmark = pytest.mark.django_db


def _post_data(**overrides):
    from risiko.models import DIMENSION_KEYS

    data = {"fase": "prae", "kategori": "gul", "begrundelse": "Ny leder og mange vikarer.",
            "dato": dt.date.today().isoformat(), "besoeg_type": "uanmeldt"}
    for key in DIMENSION_KEYS:
        data[f"niveau_{key}"] = "oeget"
        data[f"note_{key}"] = ""
    data.update(overrides)
    return data


def test_pages_render(client_konsulent, tilbud, plejefamilie):
    RisikovurderingFactory(enhed=tilbud, kategori="gul", dato=dt.date.today() - dt.timedelta(days=200))
    v = RisikovurderingFactory(enhed=tilbud, kategori="roed", forrige_kategori="gul", dato=dt.date.today())
    tilbud.risikokategori, tilbud.risikokategori_siden = "roed", dt.date.today()
    tilbud.save()
    revurdering_foreslaa(enhed=tilbud, grund="Dialogforløb åbnet", kilde="dialogforloeb")
    for url in [
        reverse("risiko:overblik"), reverse("risiko:vurder", args=[tilbud.pk]) + "?fase=post",
        reverse("risiko:vurder", args=[plejefamilie.pk]), reverse("risiko:vurdering_detail", args=[v.pk]),
        reverse("tilbud_tab", args=[tilbud.pk, "risiko"]), reverse("plejefamilie_tab", args=[plejefamilie.pk, "risiko"]),
        reverse("tilbud_detail", args=[tilbud.pk]), reverse("overblik"),
        reverse("risiko:overblik") + "?art=tilbud&sort=siden&mine=on",
    ]:
        response = client_konsulent.get(url)
        assert response.status_code == 200, url
    page = client_konsulent.get(reverse("tilbud_tab", args=[tilbud.pk, "risiko"])).content.decode()
    assert 'data-testid="risiko-graf"' in page
    assert "Ændret fra gul til rød" in page
    assert "Overvej at revurdere risikokategorien" in page


def test_menu_action_and_tab_are_linked(client_konsulent, tilbud):
    start = client_konsulent.get(reverse("overblik")).content.decode()
    assert reverse("risiko:overblik") in start
    detail = client_konsulent.get(reverse("tilbud_detail", args=[tilbud.pk])).content.decode()
    assert "Vurdér risiko" in detail
    assert reverse("risiko:vurder", args=[tilbud.pk]) in detail
    assert reverse("tilbud_tab", args=[tilbud.pk, "risiko"]) in detail


def test_form_records_prae_with_plan_and_planned_visit(client_konsulent, tilbud):
    besoeg_dato = dt.date.today() + dt.timedelta(days=14)
    response = client_konsulent.post(reverse("risiko:vurder", args=[tilbud.pk]),
                                     _post_data(besoeg_dato=besoeg_dato.isoformat()))
    assert response.status_code == 302
    v = Risikovurdering.objects.get(enhed=tilbud)
    assert v.kategori == "gul" and v.fase == "prae"
    assert v.intensitetsplan["hyppighed"]["niveau"] == "oeget"
    assert v.tilsynsbesoeg.status == "planlagt" and v.tilsynsbesoeg.dato == besoeg_dato
    tilbud.refresh_from_db()
    assert tilbud.risikokategori == "gul"


@pytest.mark.parametrize(("field", "message"), [
    ("begrundelse", "Skriv en begrundelse for risikokategorien."),
    ("fase", "Vælg om vurderingen er præ eller post."),
    ("kategori", "Vælg en risikokategori: grøn, gul eller rød."),
    ("niveau_metoder", "Vælg et niveau for denne dimension."),
])
def test_form_requires_fields_and_saves_nothing(client_konsulent, tilbud, field, message):
    response = client_konsulent.post(reverse("risiko:vurder", args=[tilbud.pk]), _post_data(**{field: ""}))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Der er fejl i formularen" in html
    assert not Risikovurdering.objects.exists()
    tilbud.refresh_from_db()
    assert tilbud.risikokategori == ""


def test_form_refuses_post_without_completed_quality_assessment(client_konsulent, tilbud):
    response = client_konsulent.post(reverse("risiko:vurder", args=[tilbud.pk]), _post_data(fase="post"))
    assert response.status_code == 200
    assert "En post-vurdering kræver en afsluttet kvalitetsvurdering" in response.content.decode()
    assert not Risikovurdering.objects.exists()


def test_other_socialtilsyn_gets_404(client, konsulent_syd, tilbud):
    v = RisikovurderingFactory(enhed=tilbud)
    client.force_login(konsulent_syd)
    assert client.get(reverse("risiko:vurder", args=[tilbud.pk])).status_code == 404
    assert client.post(reverse("risiko:vurder", args=[tilbud.pk]), _post_data()).status_code == 404
    assert client.get(reverse("risiko:vurdering_detail", args=[v.pk])).status_code == 404
    assert Risikovurdering.objects.count() == 1


def test_jurist_cannot_record(client, jurist_hovedstaden, tilbud):
    client.force_login(jurist_hovedstaden)
    assert client.post(reverse("risiko:vurder", args=[tilbud.pk]), _post_data()).status_code == 403
    assert not Risikovurdering.objects.exists()


def test_leder_start_page_shows_red_units_and_suggestions(client, leder_hovedstaden):
    roed = factories.TilbudFactory(navn="Bostedet Rødtjørn", risikokategori="roed",
                                   risikokategori_siden=dt.date(2026, 5, 1))
    factories.TilbudFactory(navn="Bostedet Grønly", risikokategori="groen")
    revurdering_foreslaa(enhed=roed, grund="Lave scorer i Sundhed og trivsel", kilde="kvalitetsmodel")
    client.force_login(leder_hovedstaden)
    html = client.get(reverse("overblik")).content.decode()
    roed_section = html.split(">Enheder i rød</h2>", 1)[1].split("</section>", 1)[0]
    assert "Bostedet Rødtjørn" in roed_section
    assert "Bostedet Grønly" not in roed_section
    assert "Lave scorer i Sundhed og trivsel" in html
    assert Revurderingsforslag.objects.filter(loest__isnull=True).count() == 1


def test_link_from_completed_quality_assessment_preselects_post_and_assessment(client_konsulent, tilbud):
    from tests.risiko.factories import kvalitetsvurdering

    kv = kvalitetsvurdering(tilbud)
    url = reverse("risiko:vurder", args=[tilbud.pk]) + f"?fase=post&kvalitetsvurdering={kv.pk}"
    form = client_konsulent.get(url).context["form"]
    assert form["fase"].value() == "post"
    assert str(form["kvalitetsvurdering"].value()) == str(kv.pk)
    response = client_konsulent.post(url, _post_data(fase="post", kategori="roed", kvalitetsvurdering=kv.pk))
    assert response.status_code == 302
    assert Risikovurdering.objects.get().kvalitetsvurdering == kv


def test_inactive_risk_factor_is_not_offered(client_konsulent, tilbud):
    from risiko.models import Risikofaktor

    Risikofaktor.objects.filter(navn="Økonomiske problemer").update(aktiv=False)
    html = client_konsulent.get(reverse("risiko:vurder", args=[tilbud.pk])).content.decode()
    assert "Ledelsesskifte" in html
    assert "Økonomiske problemer" not in html


def test_leder_is_not_offered_to_plan_a_visit(client, leder_hovedstaden, konsulent_hovedstaden, tilbud):
    """Planning a visit is the konsulent's (tilsyn.add_tilsynsbesoeg): a leder who filled in the date
    met a refusal after the whole form. The leder's form has no such fields, and saving works."""
    url = reverse("risiko:vurder", args=[tilbud.pk])
    client.force_login(konsulent_hovedstaden)
    assert 'name="besoeg_dato"' in client.get(url).content.decode()
    client.force_login(leder_hovedstaden)
    page = client.get(url).content.decode()
    assert 'name="besoeg_dato"' not in page and 'name="tilsynsbesoeg"' in page
    response = client.post(url, _post_data(besoeg_dato=(dt.date.today() + dt.timedelta(days=7)).isoformat()))
    assert response.status_code == 302
    assert Risikovurdering.objects.get(enhed=tilbud).tilsynsbesoeg is None


def test_admin_cannot_add_or_delete_assessments(admin_client, tilbud):
    """Adding or deleting a Risikovurdering outside the service would leave the unit's colour stale."""
    v = RisikovurderingFactory(enhed=tilbud, kategori="gul")
    assert admin_client.get(reverse("admin:risiko_risikovurdering_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:risiko_risikovurdering_add")).status_code == 403
    assert admin_client.get(reverse("admin:risiko_risikovurdering_delete", args=[v.pk])).status_code == 403

