import datetime as dt

import pytest
from django.db import IntegrityError

from risiko.models import DIMENSION_KEYS, Revurderingsforslag, Risikofaktor, Risikovurdering
from risiko.services import revurdering_foreslaa, risikovurdering_create
from tests import factories
from tests.risiko.factories import RisikovurderingFactory, kvalitetsvurdering, plan
from tilsyn.errors import DomainError, Forbidden
from tilsyn.models import Enhed, Tilsynsbesoeg

pytestmark = pytest.mark.django_db


def _create(actor, enhed, **kw):
    args = {"fase": "prae", "kategori": "gul", "begrundelse": "Ledelsesskifte og høj gennemstrømning.",
            "intensitetsplan": plan("oeget")}
    args.update(kw)
    return risikovurdering_create(actor=actor, enhed=enhed, **args)


def test_seeded_risk_factors_are_configurable_data():
    navne = set(Risikofaktor.objects.values_list("navn", flat=True))
    assert {"Ledelsesskifte", "Høj personalegennemstrømning", "Whistleblower-henvendelser", "Magtanvendelser",
            "Åbent dialogforløb", "Økonomiske problemer"} <= navne


def test_prae_sets_category_and_records_who_when_why(konsulent_hovedstaden, tilbud):
    faktorer = list(Risikofaktor.objects.filter(navn__in=["Ledelsesskifte", "Magtanvendelser"]))
    v = _create(konsulent_hovedstaden, tilbud, faktorer=faktorer, dato=dt.date(2026, 3, 2))
    tilbud.refresh_from_db()
    assert (tilbud.risikokategori, tilbud.risikokategori_siden) == ("gul", dt.date(2026, 3, 2))
    assert v.vurderet_af == konsulent_hovedstaden and v.forrige_kategori == ""
    assert set(v.faktorer.all()) == set(faktorer)
    assert set(v.intensitetsplan) == set(DIMENSION_KEYS)
    # the unit's Historik tab shows the category change with the actor (pghistory context)
    from tilsyn.history import for_enhed

    rows = for_enhed(tilbud)
    row = next(r for r in rows if any(c.new == "Gul" for c in r["changes"]))
    assert row["user"] == konsulent_hovedstaden


def test_same_category_keeps_since_date_and_change_updates_it(konsulent_hovedstaden, tilbud):
    _create(konsulent_hovedstaden, tilbud, kategori="gul", dato=dt.date(2026, 1, 5))
    _create(konsulent_hovedstaden, tilbud, kategori="gul", dato=dt.date(2026, 2, 5))
    tilbud.refresh_from_db()
    assert tilbud.risikokategori_siden == dt.date(2026, 1, 5)
    kv = kvalitetsvurdering(tilbud)
    v = _create(konsulent_hovedstaden, tilbud, fase="post", kategori="roed", kvalitetsvurdering=kv,
                dato=dt.date(2026, 6, 2))
    tilbud.refresh_from_db()
    assert (tilbud.risikokategori, tilbud.risikokategori_siden) == ("roed", dt.date(2026, 6, 2))
    assert (v.forrige_kategori, v.kategori) == ("gul", "roed")


@pytest.mark.parametrize(("kw", "message"), [
    ({"begrundelse": "   "}, "Skriv en begrundelse for risikokategorien."),
    ({"fase": ""}, "Vælg om vurderingen er præ eller post."),
    ({"fase": "midt"}, "Vælg om vurderingen er præ eller post."),
    ({"kategori": "blaa"}, "Vælg en risikokategori: grøn, gul eller rød."),
    ({"intensitetsplan": {}}, "Angiv tilsynsintensiteten for alle syv dimensioner."),
])
def test_required_fields_refused_with_danish_message_and_nothing_saved(konsulent_hovedstaden, tilbud, kw, message):
    with pytest.raises(DomainError) as exc:
        _create(konsulent_hovedstaden, tilbud, **kw)
    assert exc.value.message == message
    assert not Risikovurdering.objects.exists()
    tilbud.refresh_from_db()
    assert tilbud.risikokategori == ""


def test_post_without_quality_assessment_is_refused(konsulent_hovedstaden, tilbud):
    with pytest.raises(DomainError, match="En post-vurdering kræver en afsluttet kvalitetsvurdering"):
        _create(konsulent_hovedstaden, tilbud, fase="post", kategori="roed")
    assert not Risikovurdering.objects.exists()


def test_post_with_draft_quality_assessment_is_refused(konsulent_hovedstaden, tilbud):
    kladde = kvalitetsvurdering(tilbud, afsluttet=False)
    with pytest.raises(DomainError, match="afsluttet kvalitetsvurdering"):
        _create(konsulent_hovedstaden, tilbud, fase="post", kategori="roed", kvalitetsvurdering=kladde)
    assert not Risikovurdering.objects.exists()


def test_post_with_another_units_quality_assessment_is_refused(konsulent_hovedstaden, tilbud, plejefamilie):
    kv = kvalitetsvurdering(plejefamilie)
    with pytest.raises(DomainError, match="anden enhed"):
        _create(konsulent_hovedstaden, tilbud, fase="post", kvalitetsvurdering=kv)


def test_post_with_a_replaced_quality_assessment_is_refused(konsulent_hovedstaden, tilbud):
    """The form offers only the current version; the service holds the same rule for every caller."""
    kv = kvalitetsvurdering(tilbud)
    type(kv).objects.filter(pk=kv.pk).update(erstattet=True)
    kv.refresh_from_db()
    with pytest.raises(DomainError, match="erstattet af en rettet version"):
        _create(konsulent_hovedstaden, tilbud, fase="post", kvalitetsvurdering=kv)
    assert not Risikovurdering.objects.exists()


def test_database_refuses_post_without_quality_assessment(tilbud):
    with pytest.raises(IntegrityError):
        RisikovurderingFactory(enhed=tilbud, fase="post")


def test_other_socialtilsyn_and_jurist_are_forbidden(konsulent_syd, jurist_hovedstaden, tilbud):
    for actor in (konsulent_syd, jurist_hovedstaden):
        with pytest.raises(Forbidden):
            _create(actor, tilbud)
    assert not Risikovurdering.objects.exists()


def test_leder_may_record(leder_hovedstaden, tilbud):
    assert _create(leder_hovedstaden, tilbud).kategori == "gul"


def test_prae_can_plan_a_visit_in_the_same_transaction(konsulent_hovedstaden, tilbud):
    dato = dt.date.today() + dt.timedelta(days=20)
    v = _create(konsulent_hovedstaden, tilbud, planlagt_besoeg={"dato": dato, "besoegstype": "uanmeldt"})
    besoeg = Tilsynsbesoeg.objects.get(enhed=tilbud)
    assert v.tilsynsbesoeg == besoeg and besoeg.status == "planlagt" and besoeg.dato == dato


def test_failed_planned_visit_rolls_back_the_assessment(konsulent_hovedstaden, tilbud):
    dato = dt.date.today() + dt.timedelta(days=20)
    with pytest.raises(Exception):  # noqa: B017 - an anmeldt visit without notice date violates the model
        _create(konsulent_hovedstaden, tilbud, planlagt_besoeg={"dato": dato, "besoegstype": "anmeldt",
                                                                "varslet_dato": dato + dt.timedelta(days=3)})
    assert not Risikovurdering.objects.exists() and not Tilsynsbesoeg.objects.exists()
    assert Enhed.objects.get(pk=tilbud.pk).risikokategori == ""


def test_new_assessment_resolves_open_suggestions(konsulent_hovedstaden, tilbud):
    revurdering_foreslaa(enhed=tilbud, grund="Dialogforløb åbnet", kilde="dialogforloeb")
    v = _create(konsulent_hovedstaden, tilbud)
    forslag = Revurderingsforslag.objects.get()
    assert forslag.loest is not None and forslag.loest_af == v


def test_inactive_factor_is_refused(konsulent_hovedstaden, tilbud):
    faktor = Risikofaktor.objects.create(navn="Udgået faktor", aktiv=False)
    with pytest.raises(DomainError, match="ikke længere i brug"):
        _create(konsulent_hovedstaden, tilbud, faktorer=[faktor])


def test_future_date_is_refused(konsulent_hovedstaden, tilbud):
    with pytest.raises(DomainError, match="frem i tiden"):
        _create(konsulent_hovedstaden, tilbud, dato=dt.date.today() + dt.timedelta(days=1))


# --- The visit interval follows the category and its configuration -------------------------------

def test_visit_interval_follows_category_and_configuration(konsulent_hovedstaden, tilbud):
    from tilsyn.selectors import enhed_detail, indstillinger_for

    ind = indstillinger_for(tilbud.socialtilsyn_id)
    ind.besoegsinterval_groen, ind.besoegsinterval_gul, ind.besoegsinterval_roed = 24, 8, 2
    ind.save()
    factories.TilsynsbesoegFactory(enhed=tilbud, dato=dt.date(2026, 1, 10))
    expected = {"groen": (24, dt.date(2028, 1, 10)), "gul": (8, dt.date(2026, 9, 10)), "roed": (2, dt.date(2026, 3, 10))}
    for kategori, (months, due) in expected.items():
        _create(konsulent_hovedstaden, tilbud, kategori=kategori)
        enhed = enhed_detail(konsulent_hovedstaden, tilbud.pk, art="tilbud")
        assert (enhed.besoegsinterval, enhed.naeste_besoeg) == (months, due), kategori
        from risiko.selectors import foreslaaet_interval

        assert foreslaaet_interval(konsulent_hovedstaden, kategori) == months


def test_visit_interval_defaults(konsulent_hovedstaden):
    from risiko.selectors import foreslaaet_interval

    assert [foreslaaet_interval(konsulent_hovedstaden, k) for k in ("groen", "gul", "roed", "")] == [12, 6, 3, 12]
