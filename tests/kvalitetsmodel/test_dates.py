"""A quality assessment is dated when it was made: not ahead, not before the unit or its visit."""

import datetime as dt

import pytest
from django.urls import reverse

from kvalitetsmodel.models import Kvalitetsvurdering
from tests import factories
from tests.kvalitetsmodel.factories import start
from tilsyn import dates
from tilsyn.errors import DomainError

pytestmark = pytest.mark.django_db
TODAY = dates.today()


def test_start_refuses_implausible_dates(konsulent_hovedstaden, tilbud):
    besoeg = factories.TilsynsbesoegFactory(enhed=tilbud, dato=TODAY - dt.timedelta(days=10))
    for kw, message in [
        ({"dato": TODAY + dt.timedelta(days=1)}, "Vurderingsdatoen kan ikke ligge i fremtiden."),
        ({"dato": dt.date(2013, 12, 31)},
         "Vurderingsdatoen kan ikke ligge før 01.01.2014, da lov om socialtilsyn trådte i kraft."),
        ({"dato": TODAY - dt.timedelta(days=11), "besoeg": besoeg},
         f"Vurderingsdatoen kan ikke ligge før tilsynsbesøget, den bygger på ({besoeg.dato:%d.%m.%Y})."),
    ]:
        with pytest.raises(DomainError) as exc:
            start(konsulent_hovedstaden, tilbud, **kw)
        assert exc.value.errors == {"dato": [message]}
    assert not Kvalitetsvurdering.objects.exists()
    assert start(konsulent_hovedstaden, tilbud, besoeg=besoeg).dato == besoeg.dato


def test_start_form_shows_the_refusal_next_to_the_date(client_konsulent, tilbud):
    response = client_konsulent.get(reverse("kvalitetsmodel:start", args=[tilbud.pk]))
    model = response.context["form"].fields["model"].queryset.first()
    response = client_konsulent.post(reverse("kvalitetsmodel:start", args=[tilbud.pk]), {
        "art": "drift", "model": model.pk, "dato": (TODAY + dt.timedelta(days=3)).isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["dato"] == ["Vurderingsdatoen kan ikke ligge i fremtiden."]
    assert not Kvalitetsvurdering.objects.exists()


def test_autosave_refuses_a_future_date_and_keeps_the_old(client_konsulent, konsulent_hovedstaden, tilbud):
    vurdering = start(konsulent_hovedstaden, tilbud, dato=TODAY - dt.timedelta(days=2))
    url = reverse("kvalitetsmodel:generelt_gem", args=[vurdering.pk])
    html = client_konsulent.post(url, {"g-dato": "2999-01-01", "g-samlet_vurdering": "Samlet."},
                                 HTTP_HX_REQUEST="true").content.decode()
    assert "Ikke gemt" in html and "Vurderingsdatoen kan ikke ligge i fremtiden." in html
    vurdering.refresh_from_db()
    assert vurdering.dato == TODAY - dt.timedelta(days=2) and vurdering.samlet_vurdering == ""
