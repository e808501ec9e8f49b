from django.db import migrations

# The activity types that counted as dialog when this migration was written (vocabulary.DIALOG_ARTER).
DIALOG = ["dialogmoede_afklarende", "redegoerelse_modtaget", "korrespondance", "dialogmoede_paataenkt"]


def link_existing_dialog(apps, schema_editor):
    """Agterskrivelser written before the BEK § 9 basis was recorded: name the dialog the forløb held before
    they were sent (or written), so decisions on them are judged by the same rule as new ones."""
    Agterskrivelse = apps.get_model("dialogforloeb", "Agterskrivelse")
    Aktivitet = apps.get_model("dialogforloeb", "Aktivitet")
    for agter in Agterskrivelse.objects.all():
        senest = agter.sendt or agter.oprettet.date()
        dialog = Aktivitet.objects.filter(forloeb_id=agter.forloeb_id, art__in=DIALOG, oplyst_bekymring=True,
                                          dato__lte=senest)
        agter.dialog_aktiviteter.set(dialog)


class Migration(migrations.Migration):
    dependencies = [("dialogforloeb", "0008_runde_start")]

    operations = [migrations.RunPython(link_existing_dialog, migrations.RunPython.noop)]
