from django.db import migrations, models


def load_models(apps, schema_editor):
    from kvalitetsmodel.loader import load_file

    load_file(apps=apps)


class Migration(migrations.Migration):

    dependencies = [
        ("kvalitetsmodel", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="kriterium",
            name="bemaerkning",
            field=models.TextField(blank=True, verbose_name="bemærkning"),
        ),
        migrations.AddField(
            model_name="indikator",
            name="bemaerkning",
            field=models.TextField(blank=True, help_text="Fx hvilke tilbudstyper indikatoren ikke gælder for.",
                                   verbose_name="bemærkning"),
        ),
        migrations.RunPython(load_models, migrations.RunPython.noop),
    ]
