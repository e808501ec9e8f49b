"""Anonymises the personal data of closed cases past the retention period (run nightly by Celery beat)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from persondata.services import anonymise_closed


class Command(BaseCommand):
    help = "Anonymiserer persondata i sager, der blev lukket for mere end ANONYMISERING_DAGE dage siden."

    def add_arguments(self, parser):
        parser.add_argument("--dage", type=int, default=None,
                            help=f"opbevaringsperiode i dage (standard: ANONYMISERING_DAGE = {settings.ANONYMISERING_DAGE})")
        parser.add_argument("--dry-run", action="store_true", help="vis hvad der ville blive anonymiseret, uden at gemme")

    def handle(self, *args, **options):
        counts = anonymise_closed(dage=options["dage"], dry_run=options["dry_run"])
        prefix = "Ville anonymisere" if options["dry_run"] else "Anonymiseret"
        lines = [f"  {name}: {n}" for name, n in counts.items()]
        self.stdout.write(f"{prefix}:\n" + "\n".join(lines))
