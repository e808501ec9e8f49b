"""Plausible visit dates (form and service), all errors at once; an absurd stored date takes no page
offline; methods and data sources shown; one visit-due date from one rule."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from frister.models import Frist, FristArt
from risiko.services import risikovurdering_create
from tests import factories
from tests.risiko.factories import plan
from tilsyn import dates, services
from tilsyn.errors import DomainError
from tilsyn.models import Besoegsstatus, Besoegstype, Tilsynsbesoeg
from tilsyn.selectors import indstillinger_for

pytestmark = pytest.mark.django_db

TODAY = dates.today()
LOST = "kan ikke ligge før 01.01.2014, da lov om socialtilsyn trådte i kraft."


def _post(client, tilbud, konsulent, **data):
    base = {"besoegstype": "uanmeldt", "status": "gennemfoert", "dato": (TODAY - dt.timedelta(days=1)).isoformat(),
            "konsulenter": [konsulent.pk], "metoder": ["observation"], "datakilder": ["borgere"]}
    return client.post(reverse("besoeg_create", args=[tilbud.pk]), {**base, **data})


@pytest.mark.parametrize(("data", "errors"), [
    ({"dato": (TODAY + dt.timedelta(days=1)).isoformat()}, {"dato": ["Et gennemført besøg kan ikke ligge i fremtiden."]}),
    ({"dato": "1900-01-01"}, {"dato": [f"Et gennemført besøg {LOST}"]}),
    ({"dato": "2019-05-01"}, {"dato": ["Et gennemført besøg kan ikke ligge før enhedens ansøgningsdato (01.06.2019)."]}),
    ({"status": "planlagt", "dato": "9999-12-31"},
     {"dato": [f"Besøgsdatoen kan højst ligge 3 år frem ({dates.add_years(TODAY, 3):%d.%m.%Y})."]}),
    ({"status": "planlagt", "dato": (TODAY - dt.timedelta(days=2)).isoformat()},
     {"dato": ["Et planlagt besøg skal ligge tidligst i dag."]}),
    ({"besoegstype": "anmeldt", "dato": (TODAY + dt.timedelta(days=3)).isoformat()},
     {"dato": ["Et gennemført besøg kan ikke ligge i fremtiden."],
      "varslet_dato": ["Angiv hvornår det anmeldte besøg blev varslet."]}),
    ({"besoegstype": "anmeldt", "status": "planlagt", "dato": (TODAY + dt.timedelta(days=10)).isoformat(),
      "varslet_dato": (TODAY + dt.timedelta(days=11)).isoformat()},
     {"varslet_dato": ["Varslingsdatoen skal ligge før besøgsdatoen."]}),
])
def test_implausible_visit_dates_are_refused_all_at_once_next_to_their_fields(client_konsulent, konsulent_hovedstaden,
                                                                              tilbud, data, errors):
    tilbud.ansoegt_dato = dt.date(2019, 6, 1)
    tilbud.save()
    response = _post(client_konsulent, tilbud, konsulent_hovedstaden, **data)
    assert response.status_code == 200
    form_errors = response.context["form"].errors
    assert {f: form_errors[f] for f in errors} == errors
    assert not Tilsynsbesoeg.objects.exists()
    # The service refuses the same way (a caller that skips the form gets the same messages).
    service_data = {k: v for k, v in {**{"besoegstype": "uanmeldt", "status": "gennemfoert"}, **data}.items()
                    if k in ("besoegstype", "status")}
    for key in ("dato", "varslet_dato"):
        if key in data:
            service_data[key] = dt.date.fromisoformat(data[key])
    service_data.setdefault("dato", TODAY - dt.timedelta(days=1))
    with pytest.raises(DomainError) as exc:
        services.tilsynsbesoeg_create(actor=konsulent_hovedstaden, enhed=tilbud, data=service_data,
                                      konsulenter=[konsulent_hovedstaden])
    assert exc.value.errors == errors
    assert not Tilsynsbesoeg.objects.exists()


def test_plausible_visits_are_registered(client_konsulent, konsulent_hovedstaden, tilbud):
    assert _post(client_konsulent, tilbud, konsulent_hovedstaden).status_code == 302
    response = _post(client_konsulent, tilbud, konsulent_hovedstaden, besoegstype="anmeldt", status="planlagt",
                     dato=(TODAY + dt.timedelta(days=20)).isoformat(), varslet_dato=TODAY.isoformat())
    assert response.status_code == 302
    assert sorted(Tilsynsbesoeg.objects.values_list("status", flat=True)) == ["gennemfoert", "planlagt"]


def test_editing_a_visit_into_the_future_as_completed_is_refused(konsulent_hovedstaden, tilbud):
    besoeg = factories.TilsynsbesoegFactory(enhed=tilbud, status=Besoegsstatus.PLANLAGT,
                                            dato=TODAY + dt.timedelta(days=5))
    with pytest.raises(DomainError) as exc:
        services.tilsynsbesoeg_update(actor=konsulent_hovedstaden, besoeg=besoeg,
                                      data={"status": Besoegsstatus.GENNEMFOERT})
    assert exc.value.errors == {"dato": ["Et gennemført besøg kan ikke ligge i fremtiden."]}
    assert Tilsynsbesoeg.objects.get(pk=besoeg.pk).status == Besoegsstatus.PLANLAGT


def test_a_visit_dated_9999_takes_no_page_offline_and_hides_no_overdue_unit(client_konsulent, tilbud,
                                                                            konsulent_hovedstaden):
    """Stored before the rules (or by hand): a completed visit on 31.12.9999 and a planned one."""
    tilbud.ansvarlig_konsulent = konsulent_hovedstaden
    tilbud.save()
    factories.TilsynsbesoegFactory(enhed=tilbud, dato=dt.date(2024, 1, 10))
    factories.TilsynsbesoegFactory(enhed=tilbud, dato=dt.date.max)
    factories.TilsynsbesoegFactory(enhed=tilbud, dato=dt.date.max, status=Besoegsstatus.PLANLAGT)
    detail = client_konsulent.get(reverse("tilbud_detail", args=[tilbud.pk]))
    assert detail.status_code == 200
    # The next visit is due from the latest visit that has happened (10.01.2024 + 12 months): overdue.
    assert detail.context["enhed"].naeste_besoeg == dt.date(2025, 1, 10)
    for tab in [t.slug for t in detail.context["app_tabs"]] + ["besoeg", "historik"]:
        assert client_konsulent.get(reverse("tilbud_tab", args=[tilbud.pk, tab])).status_code == 200, tab
    for url in (reverse("tilbud_list"), reverse("tilbud_list") + "?besoeg=overskredet&sort=-naeste_besoeg",
                reverse("besoeg_list"), reverse("besoeg_list") + "?sort=dato", reverse("besoegsplan"),
                reverse("overblik")):
        response = client_konsulent.get(url)
        assert response.status_code == 200, url
    assert tilbud.navn in client_konsulent.get(reverse("tilbud_list") + "?besoeg=overskredet").content.decode()
    assert "Besøgsinterval overskredet (1)" in client_konsulent.get(reverse("besoegsplan")).content.decode()


def test_next_visit_computation_is_capped_instead_of_overflowing(tilbud):
    from tilsyn.selectors import enhed_detail

    type(tilbud).objects.filter(pk=tilbud.pk).update(godkendt_dato=dt.date.max)
    user = factories.konsulent()
    assert enhed_detail(user, tilbud.pk, art="tilbud").naeste_besoeg == dt.date.max


# --- Methods and data sources are shown ------------------------------------------------------------

def test_visit_methods_and_sources_are_shown_on_every_visit_page(client_konsulent, tilbud):
    """They showed "–" everywhere: ArrayField has no get_metoder_display, so the template got nothing."""
    besoeg = factories.TilsynsbesoegFactory(enhed=tilbud, metoder=["observation", "dokumentanalyse"],
                                            datakilder=["ledelse", "paaroerende"])
    for url in (reverse("besoeg_detail", args=[besoeg.pk]), reverse("tilbud_tab", args=[tilbud.pk, "besoeg"]),
                reverse("besoeg_list")):
        html = client_konsulent.get(url).content.decode()
        assert "Observation, Dokumentanalyse" in html, url
        assert "Ledelse, Pårørende" in html, url
    assert besoeg.metoder_display == "Observation, Dokumentanalyse"


# --- One visit-due date from one rule --------------------------------------------------------------

def _due_soon_unit(konsulent, **kw):
    enhed = factories.TilbudFactory(ansvarlig_konsulent=konsulent, **kw)
    factories.TilsynsbesoegFactory(enhed=enhed, dato=TODAY - dt.timedelta(days=350))  # due in ~15 days (12 months)
    return enhed


def test_forfalder_filter_uses_the_socialtilsyns_horizon(client_konsulent, konsulent_hovedstaden):
    enhed = factories.TilbudFactory(navn="Bostedet Horisont")
    factories.TilsynsbesoegFactory(enhed=enhed, dato=TODAY - relativedelta(months=12) + dt.timedelta(days=45))
    url = reverse("tilbud_list") + "?besoeg=forfalder"
    assert "Bostedet Horisont" not in client_konsulent.get(url).content.decode()  # due in 45 days, horizon 30
    ind = indstillinger_for(konsulent_hovedstaden.socialtilsyn_id)
    ind.besoeg_forfalder_dage = 60
    ind.save()
    html = client_konsulent.get(url).content.decode()
    assert "Bostedet Horisont" in html
    assert "Forfalder inden 60 dage" in html and "Forfalder inden 30 dage" not in html
    assert "Forfalder inden 60 dage" in client_konsulent.get(reverse("besoegsplan")).content.decode()


def test_a_new_risk_colour_moves_the_besoegsfrist_so_both_lists_show_one_date(client_konsulent,
                                                                              konsulent_hovedstaden):
    from frister.services import besoegsfrister_check

    enhed = _due_soon_unit(konsulent_hovedstaden, navn="Bostedet Rødgran")
    besoegsfrister_check()
    frist = Frist.objects.get(enhed=enhed, art=FristArt.BESOEG)
    visit = enhed.besoeg.get().dato
    assert frist.frist == dates.add_years(visit, 1)
    risikovurdering_create(actor=konsulent_hovedstaden, enhed=enhed, fase="prae", kategori="roed",
                           begrundelse="Alvorlige magtanvendelser.", intensitetsplan=plan("hoej"))
    frist.refresh_from_db()
    due = visit + relativedelta(months=3)
    assert frist.frist == due and frist.titel == f"Tilsynsbesøg senest {due:%d.%m.%Y}"
    html = client_konsulent.get(reverse("overblik")).content.decode()
    assert f"{due:%d.%m.%Y}" in _section(html, "Mine frister")
    assert f"{due:%d.%m.%Y}" in _section(html, "Besøg der forfalder")
    assert f"{dates.add_years(visit, 1):%d.%m.%Y}" not in html


def _section(html: str, title: str) -> str:
    start = html.index(f">{title}</h2>")
    end = html.find("<section", start)
    return html[start:end if end != -1 else None]


def test_a_registered_visit_meets_the_besoegsfrist_at_once(konsulent_hovedstaden):
    from frister.services import besoegsfrister_check

    enhed = _due_soon_unit(konsulent_hovedstaden)
    besoegsfrister_check()
    services.tilsynsbesoeg_create(actor=konsulent_hovedstaden, enhed=enhed, konsulenter=[konsulent_hovedstaden],
                                  data={"besoegstype": Besoegstype.UANMELDT, "status": Besoegsstatus.GENNEMFOERT,
                                        "dato": TODAY, "metoder": ["observation"], "datakilder": ["ledelse"]})
    frist = Frist.objects.get(enhed=enhed, art=FristArt.BESOEG)
    assert (frist.status, frist.afsluttet_note) == ("opfyldt", "Tilsynsbesøg gennemført.")


def test_new_intervals_move_the_besoegsfrister(konsulent_hovedstaden):
    from frister.services import besoegsfrister_check

    enhed = _due_soon_unit(konsulent_hovedstaden)
    besoegsfrister_check()
    visit = enhed.besoeg.get().dato
    ind = indstillinger_for(enhed.socialtilsyn_id)
    ind.besoegsinterval_maaneder = 11
    ind.save()
    frist = Frist.objects.get(enhed=enhed, art=FristArt.BESOEG)
    assert frist.status == "aaben"
    assert frist.frist == visit + relativedelta(months=11)


def test_form_shows_its_own_and_the_services_errors_together(client_konsulent, konsulent_hovedstaden, tilbud):
    response = _post(client_konsulent, tilbud, konsulent_hovedstaden, metoder=[],
                     dato=(TODAY + dt.timedelta(days=2)).isoformat())
    errors = response.context["form"].errors
    assert errors["metoder"] == ["Vælg mindst én metode."]
    assert errors["dato"] == ["Et gennemført besøg kan ikke ligge i fremtiden."]
