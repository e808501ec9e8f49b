"""Load quality-model versions from a JSON file (default: the shipped 2017 and L 200 models)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kvalitetsmodel.loader import DEFAULT_FILE, load_file


class Command(BaseCommand):
    help = "Indlæs kvalitetsmodeller (versioner, temaer, kriterier, indikatorer) fra en JSON-fil."

    def add_arguments(self, parser):
        parser.add_argument("fil", nargs="?", default=str(DEFAULT_FILE))
        parser.add_argument("--opdater", action="store_true",
                            help="Overskriv tekster fra filen (ellers bevares rettelser fra admin).")

    def handle(self, *args, fil, opdater, **options):
        try:
            with transaction.atomic():
                result = load_file(fil, opdater=opdater)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Kunne ikke indlæse {fil}: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(str(result)))
