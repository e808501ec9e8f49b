"""Risk assessments are dated when they were made, and the form shows every problem at once."""

import datetime as dt

import pytest
from django.urls import reverse

from risiko.models import Risikovurdering
from risiko.services import risikovurdering_create
from tests.risiko.factories import plan
from tilsyn import dates
from tilsyn.errors import DomainError
from tilsyn.models import Tilsynsbesoeg

pytestmark = pytest.mark.django_db
TODAY = dates.today()


def _create(actor, enhed, **kw):
    return risikovurdering_create(actor=actor, enhed=enhed, **{
        "fase": "prae", "kategori": "gul", "begrundelse": "Ledelsesskifte.", "intensitetsplan": plan("oeget"), **kw})


@pytest.mark.parametrize(("dato", "message"), [
    (dt.date(1999, 1, 1), "Vurderingsdatoen kan ikke ligge før 01.01.2014, da lov om socialtilsyn trådte i kraft."),
    (dt.date(2019, 5, 31), "Vurderingsdatoen kan ikke ligge før enhedens ansøgningsdato (01.06.2019)."),
    (TODAY + dt.timedelta(days=1), "En risikovurdering kan ikke dateres frem i tiden."),
])
def test_implausible_assessment_date_is_refused(konsulent_hovedstaden, tilbud, dato, message):
    tilbud.ansoegt_dato = dt.date(2019, 6, 1)
    tilbud.save()
    with pytest.raises(DomainError) as exc:
        _create(konsulent_hovedstaden, tilbud, dato=dato)
    assert exc.value.errors == {"dato": [message]}
    assert not Risikovurdering.objects.exists()
    assert _create(konsulent_hovedstaden, tilbud, dato=dt.date(2019, 6, 1)).dato == dt.date(2019, 6, 1)


def test_form_shows_date_and_planned_visit_problems_together(client_konsulent, tilbud):
    from tests.risiko.test_views import _post_data

    response = client_konsulent.post(reverse("risiko:vurder", args=[tilbud.pk]), _post_data(
        dato="2010-01-01", besoeg_dato="9999-12-31", besoeg_type="anmeldt"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["dato"] == ["Vurderingsdatoen kan ikke ligge før 01.01.2014, da lov om socialtilsyn trådte i kraft."]
    assert errors["besoeg_dato"] == [f"Besøgsdatoen kan højst ligge 3 år frem ({dates.add_years(TODAY, 3):%d.%m.%Y})."]
    assert errors["besoeg_varslet"] == ["Angiv hvornår det anmeldte besøg blev varslet."]
    assert not Risikovurdering.objects.exists() and not Tilsynsbesoeg.objects.exists()
