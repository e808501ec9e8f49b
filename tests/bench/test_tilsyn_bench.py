"""Register benchmark (run with `make bench`): the tilbud list, the visit plan and search at growing
sizes. Prints time and query counts; asserts nothing about time."""

import datetime as dt
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tilsyn.models import Besoegsstatus, Besoegstype, Enhed, Godkendelsesstatus, Tilbud, Tilbudstype, Tilsynsbesoeg

pytestmark = pytest.mark.django_db


def _grow_to(n: int, user) -> None:
    st = user.socialtilsyn
    kommune = factories.kommune_i(st)
    start = Tilbud.objects.count()
    typ = Tilbudstype.objects.get(kode="SEL_108")
    for i in range(start, n):
        t = Tilbud(socialtilsyn=st, navn=f"Bostedet {i:05d}", adresse=f"Vej {i}", postnummer="2000", by="Frederiksberg",
                   kommune=kommune, alder_fra=18, alder_til=80, godkendelsesstatus=Godkendelsesstatus.GODKENDT,
                   godkendt_dato=dt.date(2020, 1, 1), driftsherre_navn="Fonden", driftsherre_ejerform="privat",
                   driftsherre_cvr="12345678", maalgrupper="Autisme", pladser=10)
        t.save()  # MTI: parent and child rows
        t.tilbudstyper.add(typ)
    new = Enhed.objects.filter(besoeg__isnull=True)
    Tilsynsbesoeg.objects.bulk_create([
        Tilsynsbesoeg(enhed=e, besoegstype=Besoegstype.UANMELDT, status=Besoegsstatus.GENNEMFOERT,
                      dato=dt.date(2025, 1, 1) + dt.timedelta(days=e.pk % 600), oprettet_af=user)
        for e in new
    ])


def _measure(client, url, runs=5):
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, len(ctx.captured_queries)


def test_register_pages_at_growing_sizes(client, konsulent_hovedstaden, capsys):
    client.force_login(konsulent_hovedstaden)
    rows = []
    for n in (100, 1000, 3000):
        _grow_to(n, konsulent_hovedstaden)
        for label, url in [("tilbudsliste", reverse("tilbud_list")),
                           ("tilbudsliste, side 20 efter næste besøg", reverse("tilbud_list") + "?sort=naeste_besoeg&page=20"),
                           ("besøgsplan", reverse("besoegsplan")),
                           ("søgning", reverse("search") + "?q=Bostedet 02")]:
            if "page=20" in url and n < 1000:
                continue
            ms, queries = _measure(client, url)
            rows.append(f"  {n:>5} tilbud  {label:<52} {ms:7.1f} ms  {queries:>2} queries")
    with capsys.disabled():
        print("\nRegister benchmark:")
        print("\n".join(rows))
