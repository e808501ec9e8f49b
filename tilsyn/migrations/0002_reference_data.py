from django.db import migrations


def load(apps, schema_editor):
    from tilsyn.data.reference import KOMMUNER, SOCIALTILSYN, TILBUDSTYPER

    Socialtilsyn = apps.get_model("tilsyn", "Socialtilsyn")
    Kommune = apps.get_model("tilsyn", "Kommune")
    Tilbudstype = apps.get_model("tilsyn", "Tilbudstype")
    Indstillinger = apps.get_model("tilsyn", "Indstillinger")
    for slug, navn, vaert, region, adresse, web in SOCIALTILSYN:
        st, _ = Socialtilsyn.objects.update_or_create(
            slug=slug, defaults={"navn": navn, "vaertskommune": vaert, "region": region, "adresse": adresse, "web": web}
        )
        Indstillinger.objects.get_or_create(socialtilsyn=st)
    for region, kommuner in KOMMUNER.items():
        for kode, navn in kommuner:
            Kommune.objects.update_or_create(kode=kode, defaults={"navn": navn, "region": region})
    for kode, navn, paragraf, for_boern, ambulant in TILBUDSTYPER:
        Tilbudstype.objects.update_or_create(
            kode=kode, defaults={"navn": navn, "paragraf": paragraf, "for_boern": for_boern, "ambulant": ambulant}
        )


class Migration(migrations.Migration):
    dependencies = [("tilsyn", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
