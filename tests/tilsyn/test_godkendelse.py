"""Approval status changes only through a decision (tilsyn.services.godkendelse_aendr), each change a
Godkendelsesaendring row; registration sets the first; stamdata forms, the admin and the stamdata
services cannot change it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dokumenter.models import DokumentArt
from dokumenter.services import dokument_create
from tests import factories
from tilsyn import dates, services
from tilsyn.errors import DomainError, Forbidden
from tilsyn.forms import PlejefamilieForm, TilbudForm
from tilsyn.models import GODKENDT_KRAEVER_DATO, Godkendelsesaendring, Plejefamilie, Tilbud, Tilbudstype

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def afgoerelse(settings, tmp_path, tilbud, konsulent_hovedstaden):
    """A stand-in for the deciding record (in the product: the dialogforløb's Afgoerelse)."""
    settings.MEDIA_ROOT = tmp_path
    return dokument_create(actor=konsulent_hovedstaden, enhed=tilbud, art=DokumentArt.AFGOERELSE,
                           titel="Afgørelse om ophør af godkendelse", pdf=b"%PDF-1.4 afgoerelse")


def _post_tilbud(client, kommune, **extra):
    return client.post(reverse("tilbud_create"), {
        "navn": "Opholdsstedet Fjordblik", "tilbudstyper": [Tilbudstype.objects.get(kode="BL_43_6").pk],
        "driftsherre_navn": "Fjordblik ApS", "driftsherre_ejerform": "privat", "driftsherre_cvr": "11223344",
        "maalgrupper": "Børn med omsorgssvigt", "pladser": "6", "adresse": "Fjordvej 2", "postnummer": "2000",
        "by": "Frederiksberg", "kommune": kommune.pk, "alder_fra": "6", "alder_til": "17",
        "afdeling-TOTAL_FORMS": "0", "afdeling-INITIAL_FORMS": "0", **extra,
    })


# --- Registration sets the first row -----------------------------------------------------------

def test_registering_an_existing_approval_writes_the_first_row(client_konsulent, konsulent_hovedstaden):
    kommune = factories.kommune_i(konsulent_hovedstaden.socialtilsyn)
    response = _post_tilbud(client_konsulent, kommune, godkendelsesstatus="godkendt_vilkaar",
                            ansoegt_dato="2024-11-01", godkendt_dato="2025-02-03")
    tilbud = Tilbud.objects.get()
    assert response.status_code == 302
    assert (tilbud.godkendelsesstatus, tilbud.godkendt_dato) == ("godkendt_vilkaar", D(2025, 2, 3))
    (row,) = Godkendelsesaendring.objects.filter(enhed=tilbud)
    assert (row.fra, row.til, row.dato, row.grundlag, row.actor, row.afgoerelse_url) == (
        "", "godkendt_vilkaar", D(2025, 2, 3), "Registreret i Tilsyn", konsulent_hovedstaden, "")


@pytest.mark.parametrize(("ansoegt", "fra"), [(D(2026, 10, 1), D(2026, 10, 1)), (None, dates.today())])
def test_a_new_application_is_registered_as_ansoegt_from_its_date(konsulent_hovedstaden, ansoegt, fra):
    familie = services.plejefamilie_create(actor=konsulent_hovedstaden, data={
        "navn": "Familien Holm", "adresse": "Engvej 1", "postnummer": "3400", "by": "Hillerød",
        "kommune": factories.kommune_i(konsulent_hovedstaden.socialtilsyn), "alder_fra": 0, "alder_til": 17,
        "plejefamilietype": "almen", "plejeforaelder_1": "Anne Holm", "godkendt_antal_boern": 1,
        "ansoegt_dato": ansoegt})
    row = familie.godkendelsesaendringer.get()
    assert (familie.godkendelsesstatus, familie.godkendt_dato, row.til, row.dato, row.grundlag) == (
        "ansoegt", None, "ansoegt", fra, "Registreret i Tilsyn")


def test_godkendt_without_date_is_refused_next_to_the_field_with_the_constraints_message(client_konsulent,
                                                                                         konsulent_hovedstaden):
    """The rule lives once (the constraint's message, asked by the service); the service no longer
    silently sets today's date."""
    kommune = factories.kommune_i(konsulent_hovedstaden.socialtilsyn)
    response = _post_tilbud(client_konsulent, kommune, godkendelsesstatus="godkendt", godkendt_dato="")
    assert response.status_code == 200
    assert response.context["form"].errors["godkendt_dato"] == [GODKENDT_KRAEVER_DATO]
    assert not Tilbud.objects.exists()
    with pytest.raises(DomainError) as exc:
        services.tilbud_create(actor=konsulent_hovedstaden, tilbudstyper=[Tilbudstype.objects.first()], data={
            "navn": "X", "adresse": "Y 1", "postnummer": "2000", "by": "Z", "kommune": kommune, "alder_fra": 1,
            "alder_til": 2, "driftsherre_navn": "D", "driftsherre_ejerform": "privat", "driftsherre_cvr": "12345678",
            "maalgrupper": "M", "pladser": 3, "godkendelsesstatus": "godkendt"})
    assert exc.value.errors == {"godkendt_dato": [GODKENDT_KRAEVER_DATO]}
    assert not Tilbud.objects.exists()


def test_godkendt_before_ansoegt_and_every_date_problem_shown_at_once(client_konsulent, konsulent_hovedstaden):
    kommune = factories.kommune_i(konsulent_hovedstaden.socialtilsyn)
    response = _post_tilbud(client_konsulent, kommune, godkendelsesstatus="godkendt", ansoegt_dato="2025-02-01",
                            godkendt_dato="2025-01-15", pladser="0", alder_fra="-3")
    errors = response.context["form"].errors
    assert errors["godkendt_dato"] == ["Godkendelsesdatoen kan ikke ligge før ansøgningsdatoen (01.02.2025)."]
    assert errors["pladser"] == ["Angiv et antal pladser fra 1 til 9999."]
    assert errors["alder_fra"] == ["Angiv en alder fra 0 til 120 år."]
    response = _post_tilbud(client_konsulent, kommune, godkendelsesstatus="godkendt", ansoegt_dato="2099-01-01",
                            godkendt_dato="1990-05-01")
    errors = response.context["form"].errors
    assert errors["ansoegt_dato"] == ["Ansøgningsdatoen kan ikke ligge i fremtiden."]
    assert errors["godkendt_dato"] == [
        "Godkendelsesdatoen kan ikke ligge før 01.01.2014, da lov om socialtilsyn trådte i kraft."]
    assert not Tilbud.objects.exists()


def test_a_unit_cannot_be_registered_as_ended(client_konsulent, konsulent_hovedstaden):
    kommune = factories.kommune_i(konsulent_hovedstaden.socialtilsyn)
    response = _post_tilbud(client_konsulent, kommune, godkendelsesstatus="ophoert")
    assert "godkendelsesstatus" in response.context["form"].errors
    assert not Tilbud.objects.exists()
    assert services.registrering_checks(status="ophoert", godkendt_dato=None, ansoegt_dato=None).errors == {
        "godkendelsesstatus": [services.REGISTRERING_STATUS_FEJL]}


# --- Stamdata edits cannot change it -----------------------------------------------------------

@pytest.mark.parametrize("form_class,fixture", [(TilbudForm, "tilbud"), (PlejefamilieForm, "plejefamilie")])
def test_edit_forms_have_no_approval_fields(request, form_class, fixture, konsulent_hovedstaden):
    enhed = request.getfixturevalue(fixture)
    form = form_class(instance=enhed, user=konsulent_hovedstaden)
    assert not {"godkendelsesstatus", "godkendt_dato", "ophoert_dato"} & set(form.fields)
    assert {"godkendelsesstatus", "godkendt_dato"} <= set(form_class(user=konsulent_hovedstaden).fields)


def test_posting_a_status_to_the_edit_form_changes_nothing(client_konsulent, plejefamilie):
    """The path that used to end a plejefamilie (even one with an open påbud) without a decision."""
    url = reverse("plejefamilie_edit", args=[plejefamilie.pk])
    response = client_konsulent.post(url, {
        "navn": plejefamilie.navn, "plejefamilietype": "almen", "plejeforaelder_1": "Mette Østergård",
        "godkendt_antal_boern": "2", "adresse": plejefamilie.adresse, "postnummer": "3400", "by": "Hillerød",
        "kommune": plejefamilie.kommune_id, "alder_fra": "0", "alder_til": "17",
        "godkendelsesstatus": "ophoert", "godkendt_dato": "2026-11-01", "ophoert_dato": "2026-11-20"})
    assert response.status_code == 302
    saved = Plejefamilie.objects.get(pk=plejefamilie.pk)
    assert (saved.godkendelsesstatus, saved.godkendt_dato, saved.ophoert_dato) == ("godkendt", D(2021, 3, 1), None)
    assert not Godkendelsesaendring.objects.exists()


def test_ansoegt_date_may_be_corrected_but_not_after_the_approval(konsulent_hovedstaden, plejefamilie):
    with pytest.raises(DomainError) as exc:
        services.plejefamilie_update(actor=konsulent_hovedstaden, plejefamilie=plejefamilie,
                                     data={"ansoegt_dato": D(2021, 4, 1)})
    assert exc.value.errors == {"ansoegt_dato": ["Ansøgningsdatoen kan ikke ligge efter godkendelsesdatoen (01.03.2021)."]}
    saved = services.plejefamilie_update(actor=konsulent_hovedstaden, plejefamilie=plejefamilie,
                                         data={"ansoegt_dato": D(2020, 12, 1)})
    assert saved.ansoegt_dato == D(2020, 12, 1)


# --- Only a decision changes it ----------------------------------------------------------------

def test_change_without_a_decision_is_refused(konsulent_hovedstaden, tilbud):
    with pytest.raises(DomainError) as exc:
        services.godkendelse_aendr(actor=konsulent_hovedstaden, enhed=tilbud, status="ophoert", dato=dates.today(),
                                   grundlag="Tilbuddet er lukket.")
    assert exc.value.errors == {"afgoerelse": [services.STATUS_KUN_VED_AFGOERELSE]}
    tilbud.refresh_from_db()
    assert tilbud.godkendelsesstatus == "godkendt" and not Godkendelsesaendring.objects.exists()


def test_decision_ends_the_approval_and_is_recorded(konsulent_hovedstaden, tilbud, afgoerelse):
    dato = dates.today() - dt.timedelta(days=3)
    aendring = services.godkendelse_aendr(actor=konsulent_hovedstaden, enhed=tilbud, status="ophoert", dato=dato,
                                          grundlag="Forholdene er ikke rettet trods påbud.", afgoerelse=afgoerelse)
    saved = Tilbud.objects.get(pk=tilbud.pk)
    assert (saved.godkendelsesstatus, saved.ophoert_dato, saved.godkendt_dato) == ("ophoert", dato, D(2020, 1, 15))
    assert (aendring.fra, aendring.til, aendring.afgoerelse, aendring.afgoerelse_url, aendring.afgoerelse_titel) == (
        "godkendt", "ophoert", afgoerelse, afgoerelse.get_absolute_url(), "Afgørelse om ophør af godkendelse")
    assert tilbud.godkendelsesstatus == "ophoert"  # the caller's object follows


def test_decision_refusals_are_collected(konsulent_hovedstaden, tilbud, afgoerelse):
    tilbud.ansoegt_dato = D(2019, 6, 1)
    tilbud.save()
    with pytest.raises(DomainError) as exc:
        services.godkendelse_aendr(actor=konsulent_hovedstaden, enhed=tilbud, status="godkendt",
                                   dato=D(2019, 5, 1), grundlag=" ", afgoerelse=afgoerelse)
    assert exc.value.errors == {
        "status": ["Enheden er allerede godkendt."],
        "grundlag": ["Angiv grundlaget for ændringen."],
        "dato": ["Godkendelsesdatoen kan ikke ligge før enhedens ansøgningsdato (01.06.2019)."],
    }
    with pytest.raises(DomainError) as exc:
        services.godkendelse_aendr(actor=konsulent_hovedstaden, enhed=tilbud, status="ophoert",
                                   dato=dates.today() + dt.timedelta(days=1), grundlag="x", afgoerelse=afgoerelse)
    assert exc.value.errors == {"dato": ["Ophørsdatoen kan ikke ligge i fremtiden."]}
    services.godkendelse_aendr(actor=konsulent_hovedstaden, enhed=tilbud, status="ophoert",
                               dato=dates.today() - dt.timedelta(days=10), grundlag="x", afgoerelse=afgoerelse)
    with pytest.raises(DomainError) as exc:
        services.godkendelse_aendr(actor=konsulent_hovedstaden, enhed=tilbud, status="godkendt",
                                   dato=dates.today() - dt.timedelta(days=20), grundlag="Ankestyrelsen ophæver.",
                                   afgoerelse=afgoerelse)
    assert exc.value.errors == {"dato": [
        f"Godkendelsesdatoen kan ikke ligge før seneste ændring af godkendelsesstatus "
        f"({dates.today() - dt.timedelta(days=10):%d.%m.%Y})."]}
    assert Godkendelsesaendring.objects.count() == 1


def test_decision_by_another_socialtilsyn_or_a_jurist_is_forbidden(konsulent_syd, jurist_hovedstaden, tilbud,
                                                                   afgoerelse):
    for actor in (konsulent_syd, jurist_hovedstaden):
        with pytest.raises(Forbidden, match="Du kan ikke ændre godkendelsesstatus for denne enhed."):
            services.godkendelse_aendr(actor=actor, enhed=tilbud, status="ophoert", dato=dates.today(),
                                       grundlag="x", afgoerelse=afgoerelse)
    assert not Godkendelsesaendring.objects.exists()


# --- The unit page says which decision set it --------------------------------------------------

def test_unit_page_shows_the_deciding_decision_and_its_date(client_konsulent, konsulent_hovedstaden, tilbud,
                                                           afgoerelse):
    url = reverse("tilbud_detail", args=[tilbud.pk])
    dato = D(2026, 3, 12)
    services.godkendelse_aendr(actor=konsulent_hovedstaden, enhed=tilbud, status="ophoert", dato=dato,
                               grundlag="Ophør.", afgoerelse=afgoerelse)
    html = client_konsulent.get(url).content.decode()
    assert (f'Ophørt ved <a href="{afgoerelse.get_absolute_url()}" title="Afgørelse om ophør af godkendelse">'
            f'afgørelse af 12.03.2026</a>') in html
    assert "siden 15.01.2020" not in html  # the stale approval date is not shown as the status


def test_unit_page_shows_a_registered_status_and_keeps_its_query_count(client_konsulent, konsulent_hovedstaden,
                                                                       afgoerelse):
    kommune = factories.kommune_i(konsulent_hovedstaden.socialtilsyn)
    _post_tilbud(client_konsulent, kommune, godkendelsesstatus="godkendt", godkendt_dato="2025-02-03")
    tilbud = Tilbud.objects.get(navn="Opholdsstedet Fjordblik")
    url = reverse("tilbud_detail", args=[tilbud.pk])
    with CaptureQueriesContext(connection) as ctx:
        html = client_konsulent.get(url).content.decode()
    assert "Godkendt siden 03.02.2025 (registreret i tilsyn)" in html
    # More changes of status do not cost more queries on the unit page.
    services.godkendelse_aendr(actor=konsulent_hovedstaden, enhed=tilbud, status="ophoert", dato=dates.today(),
                               grundlag="x", afgoerelse=afgoerelse)
    with CaptureQueriesContext(connection) as ctx2:
        client_konsulent.get(url)
    assert len(ctx2.captured_queries) == len(ctx.captured_queries)
