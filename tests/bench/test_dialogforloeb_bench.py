"""Benchmark (prints figures, asserts no timings): letter rendering, the leader's escalation queue over
2 000 open forløb, and a full journey through the services. Run with `make bench` (TILSYN_BENCH=1)."""

import datetime as dt
import random
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dialogforloeb import services
from dialogforloeb.models import Aktivitet, AktivitetArt, Alvor, Dialogforloeb, Status
from tests import factories
from tests.dialogforloeb import factories as df

N_FORLOEB = 2_000


@pytest.mark.django_db
def test_letter_rendering(konsulent_hovedstaden, jurist_hovedstaden):
    f, agter = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, factories.TilbudFactory())
    ctx = services._letter_context(f, agter=agter, dato=agter.sendt)
    services._pdf("dialogforloeb/pdf/agterskrivelse.html", ctx)  # warm fonts
    runs = 10
    t0 = time.perf_counter()
    for _ in range(runs):
        pdf = services._pdf("dialogforloeb/pdf/agterskrivelse.html", ctx)
    per = (time.perf_counter() - t0) / runs
    print(f"\nagterskrivelse PDF: {per * 1000:.0f} ms per letter ({len(pdf) // 1024} KiB)")


@pytest.mark.django_db
def test_escalation_queue_2000_open(client):
    rng = random.Random(1)
    today = timezone.localdate()
    k = factories.konsulent("hovedstaden")
    leder = factories.leder("hovedstaden")
    units = [factories.TilbudFactory() for _ in range(50)]
    t0 = time.perf_counter()
    rows = []
    for i in range(N_FORLOEB):
        opened = today - dt.timedelta(days=rng.randint(1, 300))
        rows.append(Dialogforloeb(
            enhed=units[i % len(units)], kilde="tilsynsbesoeg", beskrivelse="x", temaer="Tema 6", ansvarlig=k,
            oprettet_af=k, alvor=rng.choice(Alvor.values), aabnet=opened,
            sidste_aktivitet=opened + dt.timedelta(days=rng.randint(0, (today - opened).days)),
            status=rng.choice([Status.AABNET, Status.I_DIALOG, Status.VARSLING, Status.VARSLET])))
    created = Dialogforloeb.objects.bulk_create(rows, batch_size=1000)
    Aktivitet.objects.bulk_create([
        Aktivitet(forloeb=f, art=rng.choice(AktivitetArt.values[:7]), dato=f.aabnet, form="moede", oprettet_af=k,
                  frist=f.aabnet + dt.timedelta(days=14))
        for f in created for _ in range(3)], batch_size=2000)
    print(f"\nloaded {N_FORLOEB} forløb with {3 * N_FORLOEB} activities in {time.perf_counter() - t0:.1f} s")
    client.force_login(leder)
    for query in ("", "?flag=1", "?sort=-overskredne", "?alvor=hoej&sort=alder"):
        url = reverse("dialogforloeb:eskalering") + query
        client.get(url)
        with CaptureQueriesContext(connection) as q:
            t0 = time.perf_counter()
            assert client.get(url).status_code == 200
            ms = (time.perf_counter() - t0) * 1000
        print(f"eskalering{query or ''}: {ms:.0f} ms, {len(q)} queries")


@pytest.mark.django_db
def test_full_journey_through_services(konsulent_hovedstaden, jurist_hovedstaden):
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as q:
        f, _ = df.varslet(konsulent_hovedstaden, jurist_hovedstaden, factories.TilbudFactory())
        df.paabud(konsulent_hovedstaden, jurist_hovedstaden, f, frist=df.today() + dt.timedelta(days=30))
    print(f"\nbekymring → påbud (2 letters): {time.perf_counter() - t0:.2f} s, {len(q)} queries")
