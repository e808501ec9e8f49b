import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests import factories
from tilsyn.models import Besoegstype, EnhedArt, Godkendelsesstatus, Kommune, Socialtilsyn, Tilbudstype

pytestmark = pytest.mark.django_db


def test_reference_data_has_five_socialtilsyn_98_kommuner_and_legal_types():
    assert set(Socialtilsyn.objects.values_list("slug", flat=True)) == {"hovedstaden", "oest", "syd", "midt", "nord"}
    assert Kommune.objects.count() == 98
    assert Socialtilsyn.objects.get(slug="syd").vaertskommune == "Faaborg-Midtfyn Kommune"
    paragraphs = set(Tilbudstype.objects.values_list("paragraf", flat=True))
    assert {"SEL § 107", "SEL § 108", "SEL § 109", "SEL § 110", "SEL § 101", "SEL § 101 a", "SUL § 141",
            "BL § 43, stk. 1, nr. 6", "BL § 43, stk. 1, nr. 7"} <= paragraphs


def test_units_share_one_relation_and_know_their_art(tilbud, plejefamilie):
    assert tilbud.enhed_ptr.art == EnhedArt.TILBUD
    assert plejefamilie.enhed_ptr.art == EnhedArt.PLEJEFAMILIE
    besoeg = factories.TilsynsbesoegFactory(enhed=plejefamilie)
    assert besoeg.enhed.plejefamilie == plejefamilie
    assert tilbud.get_absolute_url() == f"/tilbud/{tilbud.pk}/"


def test_age_span_must_be_ordered():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.TilbudFactory(alder_fra=20, alder_til=18)


def test_approved_unit_needs_approval_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.TilbudFactory(godkendelsesstatus=Godkendelsesstatus.GODKENDT, godkendt_dato=None)
    factories.TilbudFactory(godkendelsesstatus=Godkendelsesstatus.ANSOEGT, godkendt_dato=None)


def test_unannounced_visit_has_no_notice_date(tilbud):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.TilsynsbesoegFactory(enhed=tilbud, besoegstype=Besoegstype.UANMELDT, varslet_dato=dt.date(2026, 5, 1))


def test_notice_before_visit(tilbud):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.TilsynsbesoegFactory(enhed=tilbud, besoegstype=Besoegstype.ANMELDT, dato=dt.date(2026, 5, 1),
                                       varslet_dato=dt.date(2026, 5, 2))


def test_notice_longer_than_four_weeks_is_flagged(tilbud):
    besoeg = factories.TilsynsbesoegFactory(enhed=tilbud, besoegstype=Besoegstype.ANMELDT, dato=dt.date(2026, 6, 1),
                                            varslet_dato=dt.date(2026, 4, 20))
    assert besoeg.varsel_dage == 42
    assert besoeg.varsel_for_langt


def test_cvr_must_have_eight_digits(tilbud):
    tilbud.driftsherre_cvr = "1234"
    with pytest.raises(ValidationError) as exc:
        tilbud.full_clean()
    assert "CVR-nummeret skal være otte cifre." in exc.value.message_dict["driftsherre_cvr"]
