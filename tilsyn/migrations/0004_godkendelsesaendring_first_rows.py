"""Every existing unit gets the first row of its approval history: its current status, from the date
that status took effect, "Registreret i Tilsyn" (no decision is known for it)."""

from django.db import migrations

AKTIVE = ("godkendt", "godkendt_vilkaar")
OPHOERTE = ("ophoert", "bortfaldet")


def first_rows(apps, schema_editor):
    Enhed = apps.get_model("tilsyn", "Enhed")
    Godkendelsesaendring = apps.get_model("tilsyn", "Godkendelsesaendring")
    have = set(Godkendelsesaendring.objects.values_list("enhed_id", flat=True))
    rows = []
    for e in Enhed.objects.exclude(pk__in=have).only(
            "pk", "godkendelsesstatus", "ansoegt_dato", "godkendt_dato", "ophoert_dato", "oprettet").iterator():
        if e.godkendelsesstatus in AKTIVE:
            dato = e.godkendt_dato
        elif e.godkendelsesstatus in OPHOERTE:
            dato = e.ophoert_dato or e.godkendt_dato
        else:
            dato = e.ansoegt_dato
        rows.append(Godkendelsesaendring(enhed_id=e.pk, fra="", til=e.godkendelsesstatus,
                                         dato=dato or e.oprettet.date(), grundlag="Registreret i Tilsyn"))
    Godkendelsesaendring.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("tilsyn", "0003_godkendelsesaendring_and_case_record_triggers")]

    # Backwards: the rows are case records (PostgreSQL refuses their deletion), so nothing is undone.
    operations = [migrations.RunPython(first_rows, migrations.RunPython.noop)]
