from django.db import migrations


class Migration(migrations.Migration):
    """Make room for the documents' foreign keys (issue 17: documents linked by FK, PROTECT): the bare
    integer ids move aside, are copied into the foreign keys by the next migration, then dropped."""

    dependencies = [("dialogforloeb", "0004_aktivitet_henvendelse"), ("dokumenter", "0001_initial")]

    operations = [
        migrations.RenameField("agterskrivelse", "dokument_id", "gammelt_dokument_id"),
        migrations.RenameField("afgoerelse", "dokument_id", "gammelt_dokument_id"),
        migrations.RenameField("afgoerelse", "skaerpet_dokument_id", "gammelt_skaerpet_dokument_id"),
    ]
