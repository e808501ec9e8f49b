import pytest

from risiko.models import Revurderingsforslag
from risiko.services import revurdering_foreslaa
from tilsyn.errors import DomainError

pytestmark = pytest.mark.django_db


def test_revurdering_foreslaa_records_suggestion_without_changing_category(tilbud):
    tilbud.risikokategori = "groen"
    tilbud.save()
    revurdering_foreslaa(enhed=tilbud, grund="Lave scorer i tema Sundhed og trivsel", kilde="kvalitetsmodel")
    forslag = Revurderingsforslag.objects.get(enhed=tilbud)
    assert forslag.loest is None
    assert forslag.kilde == "kvalitetsmodel"
    assert "revurdere risikokategorien" in str(forslag)
    tilbud.refresh_from_db()
    assert tilbud.risikokategori == "groen"


def test_revurdering_foreslaa_does_not_repeat_open_identical_suggestion(tilbud):
    for _ in range(2):
        revurdering_foreslaa(enhed=tilbud, grund="Dialogforløb åbnet", kilde="dialogforloeb")
    assert Revurderingsforslag.objects.filter(enhed=tilbud).count() == 1


def test_revurdering_foreslaa_requires_reason(tilbud):
    with pytest.raises(DomainError, match="hvorfor"):
        revurdering_foreslaa(enhed=tilbud, grund="  ", kilde="dialogforloeb")
    assert not Revurderingsforslag.objects.exists()
