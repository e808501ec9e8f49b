"""LOST § 6, stk. 3: no supervision of organisation and økonomi for tilbud under BL § 43, stk. 1, nr. 7.
Databases loaded by 0002 before the data file said so get the exception on theme 5's indicators."""

from django.db import migrations

NOTE = ("LOST § 6, stk. 3: socialtilsynet fører ikke tilsyn med organisation og økonomi i tilbud efter "
        "BL § 43, stk. 1, nr. 7.")


def forwards(apps, schema_editor):
    Indikator = apps.get_model("kvalitetsmodel", "Indikator")
    Kriterium = apps.get_model("kvalitetsmodel", "Kriterium")
    scope = {"tema__model__omraade": "tilbud", "tema__model__version": "2017", "tema__nummer": 5}
    Kriterium.objects.filter(**scope, bemaerkning="").update(bemaerkning=NOTE)
    for ind in Indikator.objects.filter(**{f"kriterium__{k}": v for k, v in scope.items()}):
        if "BL_43_7" not in ind.undtagne_tilbudstyper:
            ind.undtagne_tilbudstyper = [*ind.undtagne_tilbudstyper, "BL_43_7"]
            ind.bemaerkning = ind.bemaerkning or NOTE
            ind.save(update_fields=["undtagne_tilbudstyper", "bemaerkning"])


class Migration(migrations.Migration):
    dependencies = [("kvalitetsmodel", "0002_bemaerkning_and_2017_models")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
