"""Run the deadline sweep (and optionally the visit-interval check) once, e.g. from cron or by hand.

Safe to run alongside Celery beat: rungs are claimed in the database, so nothing fires twice.
"""

import datetime as dt

from django.core.management.base import BaseCommand

from frister import services


class Command(BaseCommand):
    help = "Udløser forfaldne påmindelser og eskaleringer (og evt. besøgsfrister) én gang."

    def add_arguments(self, parser):
        parser.add_argument("--besoeg", action="store_true", help="kør også besøgskontrollen (besøgsfrister)")
        parser.add_argument("--dato", type=dt.date.fromisoformat, help="kør som om det var denne dato (ÅÅÅÅ-MM-DD)")

    def handle(self, *args, besoeg=False, dato=None, **options):
        if besoeg:
            r = services.besoegsfrister_check(today=dato)
            self.stdout.write(f"Besøgsfrister: {r['oprettet']} oprettet, {r['opfyldt']} opfyldt, {r['annulleret']} annulleret.")
        r = services.frister_sweep(today=dato)
        self.stdout.write(self.style.SUCCESS(
            f"Påmindelser: {r.paamindelser}, eskaleringer: {r.eskaleringer}, notifikationer: {r.notifikationer}."))
