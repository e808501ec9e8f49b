"""Quality assessments are permanent, and a completed one is locked in PostgreSQL: its scores, texts
and conclusions cannot change; a correction is a new version (the legal path)."""

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from kvalitetsmodel import services
from kvalitetsmodel.models import Bedoemmelse, KriterieVurdering, Kvalitetsvurdering, TemaVurdering
from tests.kvalitetsmodel.factories import completed, start

pytestmark = pytest.mark.django_db

LAAST = "En afsluttet kvalitetsvurdering kan ikke ændres. Ret den ved at oprette en ny version med en begrundelse."


def refused(action) -> str:
    with pytest.raises(DatabaseError) as exc, transaction.atomic():
        action()
    return exc.value.__cause__.diag.message_primary


def test_no_assessment_can_be_deleted(konsulent_hovedstaden, tilbud):
    kladde = start(konsulent_hovedstaden, tilbud)
    assert refused(kladde.delete) == "En kvalitetsvurdering kan ikke slettes (journaliseringspligt)."
    assert Kvalitetsvurdering.objects.filter(pk=kladde.pk).exists()


def test_completed_assessment_and_its_scores_are_locked(konsulent_hovedstaden, tilbud):
    v = completed(konsulent_hovedstaden, tilbud)
    b = v.bedoemmelser.exclude(score=None).first()
    assert refused(lambda: Bedoemmelse.objects.filter(pk=b.pk).update(score=1)) == LAAST
    assert refused(lambda: Bedoemmelse.objects.filter(pk=b.pk).delete()) == LAAST
    assert refused(lambda: Bedoemmelse.objects.create(vurdering=v, kriterium=b.kriterium)) == LAAST
    assert refused(lambda: TemaVurdering.objects.filter(vurdering=v).update(score=1)) == LAAST
    assert refused(lambda: KriterieVurdering.objects.filter(vurdering=v).update(tekst="Ændret")) == LAAST
    assert refused(lambda: Kvalitetsvurdering.objects.filter(pk=v.pk).update(samlet_vurdering="Ændret")) == LAAST
    assert refused(lambda: Kvalitetsvurdering.objects.filter(pk=v.pk).update(status="kladde")) == LAAST
    assert Bedoemmelse.objects.get(pk=b.pk).score == b.score
    # The legal path: a correction is a new draft version; the original is only marked superseded.
    ny = services.vurdering_ret(actor=konsulent_hovedstaden, vurdering=v, grund="Forkert score på 1a.")
    services.bedoemmelse_save(actor=konsulent_hovedstaden, bedoemmelse=ny.bedoemmelser.get(indikator=b.indikator),
                              score=2)
    services.vurdering_afslut(actor=konsulent_hovedstaden, vurdering=ny)
    assert Kvalitetsvurdering.objects.get(pk=v.pk).erstattet is True
    assert Bedoemmelse.objects.get(pk=b.pk).score == b.score


def test_a_draft_is_still_scored(konsulent_hovedstaden, tilbud):
    kladde = start(konsulent_hovedstaden, tilbud)
    b = kladde.bedoemmelser.filter(ikke_relevant=False).first()
    services.bedoemmelse_save(actor=konsulent_hovedstaden, bedoemmelse=b, score=3)
    assert Bedoemmelse.objects.get(pk=b.pk).score == 3


def test_admin_cannot_delete_an_assessment(admin_client, konsulent_hovedstaden, tilbud):
    v = start(konsulent_hovedstaden, tilbud)
    assert admin_client.post(reverse("admin:kvalitetsmodel_kvalitetsvurdering_delete", args=[v.pk]),
                             {"post": "yes"}).status_code == 403
    assert Kvalitetsvurdering.objects.filter(pk=v.pk).exists()
