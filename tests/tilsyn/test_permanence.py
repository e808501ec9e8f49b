"""Case records of the register are permanent: PostgreSQL refuses deleting units and visits (and
rewriting an approval-status change), whatever the path, and the admin shows them read-only."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from tests import factories
from tilsyn import services
from tilsyn.models import Afdeling, Enhed, Godkendelsesaendring, Plejefamilie, Tilbud, Tilsynsbesoeg

pytestmark = pytest.mark.django_db


def refused(action) -> str:
    """Run ``action`` and return PostgreSQL's refusal (the trigger's Danish message)."""
    with pytest.raises(DatabaseError) as exc, transaction.atomic():
        action()
    return exc.value.__cause__.diag.message_primary


def raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_units_cannot_be_deleted_by_orm_or_sql(tilbud, plejefamilie):
    assert refused(tilbud.delete) == "Et tilbud kan ikke slettes (journaliseringspligt)."
    assert refused(lambda: Plejefamilie.objects.filter(pk=plejefamilie.pk).delete()) == (
        "En plejefamilie kan ikke slettes (journaliseringspligt).")
    assert refused(lambda: raw("DELETE FROM tilsyn_enhed WHERE id = %s", tilbud.pk)) == (
        "En enhed kan ikke slettes (journaliseringspligt).")
    assert refused(lambda: raw("DELETE FROM tilsyn_tilbud WHERE enhed_ptr_id = %s", tilbud.pk)) == (
        "Et tilbud kan ikke slettes (journaliseringspligt).")
    assert Enhed.objects.filter(pk__in=[tilbud.pk, plejefamilie.pk]).count() == 2


def test_visits_cannot_be_deleted_but_are_still_edited_through_the_service(konsulent_hovedstaden, tilbud):
    besoeg = factories.TilsynsbesoegFactory(enhed=tilbud, oprettet_af=konsulent_hovedstaden)
    assert refused(besoeg.delete) == "Et tilsynsbesøg kan ikke slettes (journaliseringspligt)."
    assert refused(lambda: raw("DELETE FROM tilsyn_tilsynsbesoeg WHERE id = %s", besoeg.pk)) == (
        "Et tilsynsbesøg kan ikke slettes (journaliseringspligt).")
    assert besoeg.konsulenter.count() == 1  # the ORM's deletion of the links was rolled back too
    updated = services.tilsynsbesoeg_update(actor=konsulent_hovedstaden, besoeg=besoeg, data={"noter": "Rettet."})
    assert Tilsynsbesoeg.objects.get(pk=updated.pk).noter == "Rettet."


def test_an_approval_status_change_is_never_rewritten_or_deleted(konsulent_hovedstaden, tilbud):
    row = Godkendelsesaendring.objects.create(enhed=tilbud, til="godkendt", dato=dt.date(2020, 1, 15),
                                              grundlag="Registreret i Tilsyn", actor=konsulent_hovedstaden)
    assert refused(lambda: Godkendelsesaendring.objects.filter(pk=row.pk).update(til="ophoert")) == (
        "En ændring af godkendelsesstatus kan ikke rettes bagefter. Registrér en ny ændring ved en afgørelse.")
    assert refused(row.delete) == "En ændring af godkendelsesstatus kan ikke slettes (journaliseringspligt)."
    assert Godkendelsesaendring.objects.get(pk=row.pk).til == "godkendt"


def test_afdelinger_are_stamdata_removed_through_the_tilbud_form_and_kept_in_history(konsulent_hovedstaden, tilbud):
    from tilsyn import history

    afdeling = Afdeling.objects.create(tilbud=tilbud, navn="Hus B", pladser=4)
    services.tilbud_update(actor=konsulent_hovedstaden, tilbud=tilbud, data={}, afdelinger=[])
    assert not Afdeling.objects.filter(pk=afdeling.pk).exists()
    assert "Slettet: afdeling" in [row["what"] for row in history.for_enhed(tilbud)]


def test_afdeling_places_out_of_range_are_a_form_error_not_a_500(client_konsulent, tilbud):
    response = client_konsulent.post(reverse("tilbud_edit", args=[tilbud.pk]), {
        "navn": tilbud.navn, "tilbudstyper": [t.pk for t in tilbud.tilbudstyper.all()],
        "driftsherre_navn": "Fonden", "driftsherre_ejerform": "privat", "driftsherre_cvr": "12345678",
        "maalgrupper": "Autisme", "pladser": "12", "adresse": tilbud.adresse, "postnummer": "2000",
        "by": "Frederiksberg", "kommune": tilbud.kommune_id, "alder_fra": "18", "alder_til": "85",
        "afdeling-TOTAL_FORMS": "1", "afdeling-INITIAL_FORMS": "0",
        "afdeling-0-navn": "Hus A", "afdeling-0-pladser": "999999",
    })
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["pladser"] == ["Angiv et antal pladser fra 1 til 9999."]
    assert not tilbud.afdelinger.exists()


@pytest.mark.parametrize("model", ["tilbud", "plejefamilie", "tilsynsbesoeg", "godkendelsesaendring"])
def test_admin_shows_case_records_read_only(admin_client, tilbud, plejefamilie, model):
    besoeg = factories.TilsynsbesoegFactory(enhed=tilbud)
    row = Godkendelsesaendring.objects.create(enhed=tilbud, til="godkendt", dato=dt.date(2020, 1, 15),
                                              grundlag="Registreret i Tilsyn")
    obj = {"tilbud": tilbud, "plejefamilie": plejefamilie, "tilsynsbesoeg": besoeg, "godkendelsesaendring": row}[model]
    changelist = admin_client.get(reverse(f"admin:tilsyn_{model}_changelist"))
    assert changelist.status_code == 200
    assert str(obj.enhed if model in ("tilsynsbesoeg", "godkendelsesaendring") else obj.navn) in (
        changelist.content.decode())
    change = admin_client.get(reverse(f"admin:tilsyn_{model}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert 'name="godkendelsesstatus"' not in change.content.decode()
    assert admin_client.get(reverse(f"admin:tilsyn_{model}_add")).status_code == 403
    assert admin_client.post(reverse(f"admin:tilsyn_{model}_change", args=[obj.pk]), {"navn": "X"}).status_code == 403
    assert admin_client.post(reverse(f"admin:tilsyn_{model}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()
    if model == "tilbud":
        assert Tilbud.objects.get(pk=obj.pk).godkendelsesstatus == "godkendt"
