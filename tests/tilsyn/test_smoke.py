import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_reference_data_loaded():
    from tilsyn.models import Kommune, Socialtilsyn, Tilbudstype

    assert Socialtilsyn.objects.count() == 5
    assert Kommune.objects.count() == 98
    assert Tilbudstype.objects.filter(kode="SEL_107").exists()


def test_pages_render(client_konsulent, tilbud, plejefamilie):
    for url in [reverse("overblik"), reverse("tilbud_list"), reverse("plejefamilie_list"),
                reverse("tilbud_detail", args=[tilbud.pk]), reverse("plejefamilie_detail", args=[plejefamilie.pk]),
                reverse("tilbud_tab", args=[tilbud.pk, "historik"]), reverse("besoeg_list"), reverse("besoegsplan"),
                reverse("tilbud_create"), reverse("besoeg_create", args=[tilbud.pk]), reverse("search") + "?q=Æble"]:
        response = client_konsulent.get(url)
        assert response.status_code == 200, url
