"""The /healthz report on the command line, for health checks of containers without a web server
(worker, beat): exit 1 if the database or Redis fails, or with --sweeps if a frequent beat task
has not run for three of its intervals (the worker or beat has stopped)."""

import json

from django.core.management.base import BaseCommand, CommandError

from tilsyn.drift import health


class Command(BaseCommand):
    help = "Skriver sundhedsrapporten (som /healthz) og fejler, hvis noget er galt."

    def add_arguments(self, parser):
        parser.add_argument("--sweeps", action="store_true", help="fejl også, hvis en hyppig kørsel er forsinket")

    def handle(self, *args, **options):
        report = health()
        self.stdout.write(json.dumps(report, ensure_ascii=False))
        if not report["ok"]:
            raise CommandError("Database eller Redis svarer ikke.")
        if options["sweeps"]:
            stale = [name for name, row in report.get("sweeps", {}).items() if row.get("ok") is False]
            if stale:
                raise CommandError(f"Forsinket: {', '.join(stale)}")
