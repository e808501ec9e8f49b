import datetime as dt

import pytest
from pghistory.models import MiddlewareEvents

from tests import factories
from tilsyn import history, services
from tilsyn.errors import DomainError, Forbidden
from tilsyn.models import Besoegstype, Plejefamilie, Tilbud, Tilbudstype, Tilsynsbesoeg

pytestmark = pytest.mark.django_db


def _tilbud_data(kommune):
    return {
        "navn": "Bostedet Lærkereden", "adresse": "Åvej 3", "postnummer": "2000", "by": "Frederiksberg",
        "kommune": kommune, "alder_fra": 18, "alder_til": 67, "godkendelsesstatus": "godkendt",
        "godkendt_dato": dt.date(2025, 1, 1), "driftsherre_navn": "Lærkereden ApS", "driftsherre_ejerform": "privat",
        "driftsherre_cvr": "87654321", "maalgrupper": "Autisme", "pladser": 8,
    }


def test_tilbud_create_in_own_socialtilsyn_with_types_and_afdelinger(konsulent_hovedstaden):
    kommune = factories.kommune_i(konsulent_hovedstaden.socialtilsyn)
    tilbud = services.tilbud_create(
        actor=konsulent_hovedstaden, data=_tilbud_data(kommune),
        tilbudstyper=[Tilbudstype.objects.get(kode="SEL_108")],
        afdelinger=[{"navn": "Hus A", "adresse": "", "pladser": 4}],
    )
    assert tilbud.socialtilsyn == konsulent_hovedstaden.socialtilsyn
    assert [a.navn for a in tilbud.afdelinger.all()] == ["Hus A"]
    assert list(tilbud.tilbudstyper.values_list("kode", flat=True)) == ["SEL_108"]


def test_jurist_cannot_create_tilbud_and_nothing_is_saved(jurist_hovedstaden):
    kommune = factories.kommune_i(jurist_hovedstaden.socialtilsyn)
    with pytest.raises(Forbidden):
        services.tilbud_create(actor=jurist_hovedstaden, data=_tilbud_data(kommune),
                               tilbudstyper=[Tilbudstype.objects.first()])
    assert not Tilbud.objects.exists()


def test_invalid_data_saves_nothing_not_even_afdelinger(konsulent_hovedstaden):
    kommune = factories.kommune_i(konsulent_hovedstaden.socialtilsyn)
    data = {**_tilbud_data(kommune), "driftsherre_cvr": "12"}
    with pytest.raises(Exception):  # noqa: B017 - ValidationError from full_clean
        services.tilbud_create(actor=konsulent_hovedstaden, data=data, tilbudstyper=[Tilbudstype.objects.first()],
                               afdelinger=[{"navn": "Hus A", "adresse": "", "pladser": 4}])
    assert not Tilbud.objects.exists()
    with pytest.raises(DomainError, match="mindst én tilbudstype"):
        services.tilbud_create(actor=konsulent_hovedstaden, data=_tilbud_data(kommune), tilbudstyper=[])


def test_consultant_of_other_socialtilsyn_cannot_log_visit(konsulent_syd, tilbud):
    with pytest.raises(Forbidden):
        services.tilsynsbesoeg_create(actor=konsulent_syd, enhed=tilbud, konsulenter=[konsulent_syd],
                                      data={"besoegstype": "uanmeldt", "dato": dt.date(2026, 11, 1)})
    assert not Tilsynsbesoeg.objects.exists()


def test_visit_consultants_must_belong_to_the_units_socialtilsyn(konsulent_hovedstaden, konsulent_syd, tilbud):
    with pytest.raises(DomainError, match="samme socialtilsyn"):
        services.tilsynsbesoeg_create(actor=konsulent_hovedstaden, enhed=tilbud, konsulenter=[konsulent_syd],
                                      data={"besoegstype": "uanmeldt", "dato": dt.date(2026, 11, 1)})


def test_notice_warning_after_four_weeks():
    assert services.varsel_advarsel(Besoegstype.ANMELDT, dt.date(2026, 1, 1), dt.date(2026, 1, 29)) is None
    assert "højst 4 uger" in services.varsel_advarsel(Besoegstype.ANMELDT, dt.date(2026, 1, 1), dt.date(2026, 1, 30))
    assert services.varsel_advarsel(Besoegstype.UANMELDT, None, dt.date(2026, 1, 30)) is None


def test_every_change_leaves_history_with_user_and_old_new(konsulent_hovedstaden, plejefamilie):
    services.plejefamilie_update(actor=konsulent_hovedstaden, plejefamilie=plejefamilie,
                                 data={"godkendt_antal_boern": 3, "by": "Allerød",
                                       "ansvarlig_konsulent": konsulent_hovedstaden})
    rows = history.for_enhed(plejefamilie)
    changed = {c.field: (c.old, c.new) for row in rows for c in row["changes"]}
    assert changed["Godkendt til antal børn"] == (2, 3)
    assert changed["By"] == ("Hillerød", "Allerød")
    assert changed["Ansvarlig konsulent"] == ("–", str(konsulent_hovedstaden))
    services.plejefamilie_update(actor=konsulent_hovedstaden, plejefamilie=plejefamilie,
                                 data={"ansoegt_dato": dt.date(2020, 11, 4)})
    rows = history.for_enhed(plejefamilie)
    assert ("Ansøgt den", "–", "04.11.2020") in {(c.field, c.old, c.new) for r in rows for c in r["changes"]}
    # One creation row, not one per inheritance table.
    assert [r["what"] for r in rows if r["what"].startswith("Oprettet: ")] == ["Oprettet: enhed"]
    assert any(row["user"] == konsulent_hovedstaden for row in rows)
    assert MiddlewareEvents.objects.references(plejefamilie.enhed_ptr).exists()


def test_stamdata_update_cannot_change_approval_status(konsulent_hovedstaden, plejefamilie):
    """Formerly a konsulent ended a plejefamilie by editing stamdata; now only a decision can."""
    for data in ({"godkendelsesstatus": "ophoert"}, {"godkendt_dato": dt.date(2022, 5, 4)},
                 {"ophoert_dato": dt.date(2026, 11, 23)}):
        with pytest.raises(DomainError) as exc:
            services.plejefamilie_update(actor=konsulent_hovedstaden, plejefamilie=plejefamilie, data=data)
        assert exc.value.message == services.STATUS_KUN_VED_AFGOERELSE
        assert exc.value.field == next(iter(data))
    saved = Plejefamilie.objects.get(pk=plejefamilie.pk)
    assert (saved.godkendelsesstatus, saved.godkendt_dato, saved.ophoert_dato) == ("godkendt", dt.date(2021, 3, 1), None)
