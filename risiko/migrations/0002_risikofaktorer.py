"""Seed the configurable list of risk factors (editable in the admin afterwards)."""

from django.db import migrations

from risiko.data import load, unload


class Migration(migrations.Migration):
    dependencies = [("risiko", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
