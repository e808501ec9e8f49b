"""Loads the demo data: the register first, then each domain app's ``demo.seed(ctx)``."""

import importlib
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from tilsyn import demo
from tilsyn.models import Enhed, Socialtilsyn

DOMAIN_APPS = ("frister", "kvalitetsmodel", "risiko", "dialogforloeb", "journal", "api", "persondata")


class Command(BaseCommand):
    help = "Indlæser demodata (seedet og gentageligt)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="kun hvis databasen ingen enheder har")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--print-logins", action="store_true", help="vis kun demo-logins")

    def handle(self, *args, **options):
        if options["print_logins"]:
            self._print_logins()
            return
        if options["if_empty"] and Enhed.objects.exists():
            self.stdout.write("Demodata findes allerede.")
            return
        ctx = demo.DemoContext(rng=random.Random(options["seed"]), today=timezone.localdate())
        with transaction.atomic():
            demo.seed(ctx)
            modules = []
            for app in DOMAIN_APPS:
                try:
                    modules.append(importlib.import_module(f"{app}.demo"))
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
            for module in modules:
                self.stdout.write(f"  {module.__name__} …")
                module.seed(ctx)
            # Optional second pass, once every app's data exists (e.g. the frister sweep).
            for module in modules:
                if hasattr(module, "finalize"):
                    module.finalize(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demodata indlæst ({Enhed.objects.count()} enheder)."))

    def _print_logins(self):
        slugs = ", ".join(Socialtilsyn.objects.order_by("pk").values_list("slug", flat=True))
        self.stdout.write(self.style.SUCCESS(
            f"\nTilsyn kører på http://127.0.0.1:{_port()}/\n"
            f"Demo-logins (adgangskode: {demo.DEMO_PASSWORD}):\n"
            "  konsulent-hovedstaden, leder-hovedstaden, jurist-hovedstaden\n"
            f"  ... og tilsvarende for {slugs}\n"
            "  admin (administration på /admin/)\n"
        ))
        # Apps may add their own demo access (e.g. the API's demo token): a ``logins(port)`` in <app>.demo.
        for app in DOMAIN_APPS:
            module = importlib.import_module(f"{app}.demo")
            if hasattr(module, "logins"):
                self.stdout.write(module.logins(_port()))


def _port():
    import os

    return os.environ.get("PORT", "8000")


