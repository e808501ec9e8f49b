"""A recorded risk assessment is history: PostgreSQL refuses deleting or rewriting it."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from risiko.models import Risikovurdering
from risiko.services import risikovurdering_create
from tests.risiko.factories import plan

pytestmark = pytest.mark.django_db


def refused(action) -> str:
    with pytest.raises(DatabaseError) as exc, transaction.atomic():
        action()
    return exc.value.__cause__.diag.message_primary


def test_risk_assessment_cannot_be_deleted_or_rewritten(konsulent_hovedstaden, tilbud):
    v = risikovurdering_create(actor=konsulent_hovedstaden, enhed=tilbud, fase="prae", kategori="roed",
                               begrundelse="Magtanvendelser og ledelsesskifte.", intensitetsplan=plan("hoej"))
    assert refused(v.delete) == "En risikovurdering kan ikke slettes (journaliseringspligt)."
    assert refused(lambda: Risikovurdering.objects.filter(pk=v.pk).update(kategori="groen")) == (
        "En risikovurdering kan ikke ændres bagefter. Registrér en ny vurdering.")

    def sql():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE risiko_risikovurdering SET begrundelse = 'x' WHERE id = %s", [v.pk])

    assert refused(sql) == "En risikovurdering kan ikke ændres bagefter. Registrér en ny vurdering."
    # The legal path: a new assessment supersedes it (and the old one is unchanged).
    ny = risikovurdering_create(actor=konsulent_hovedstaden, enhed=tilbud, fase="prae", kategori="gul",
                                begrundelse="Forholdene er bedret.", intensitetsplan=plan("oeget"))
    assert Risikovurdering.objects.get(pk=v.pk).kategori == "roed" and ny.forrige_kategori == "roed"
    tilbud.refresh_from_db()
    assert tilbud.risikokategori == "gul"


def test_admin_cannot_delete_a_risk_assessment(admin_client, konsulent_hovedstaden, tilbud):
    v = risikovurdering_create(actor=konsulent_hovedstaden, enhed=tilbud, fase="prae", kategori="gul",
                               begrundelse="Ledelsesskifte.", intensitetsplan=plan("oeget"))
    assert admin_client.post(reverse("admin:risiko_risikovurdering_delete", args=[v.pk]),
                             {"post": "yes"}).status_code == 403
    assert Risikovurdering.objects.filter(pk=v.pk).exists()
