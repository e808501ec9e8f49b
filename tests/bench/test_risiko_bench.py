"""Risk overview timing at growing sizes. Prints figures; never asserts timings (run with `make bench`)."""

import datetime as dt
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from risiko import selectors
from risiko.models import Risikovurdering
from tests import factories
from tests.risiko.factories import plan

pytestmark = pytest.mark.django_db


def _grow(to: int, have: int, user) -> None:
    kategorier = ["groen"] * 7 + ["gul"] * 2 + ["roed"]
    units = [factories.PlejefamilieFactory(risikokategori=kategorier[i % 10], risikokategori_siden=dt.date(2026, 1, 1))
             for i in range(have, to)]
    rows = []
    for i, u in enumerate(units):
        for j in range(4):  # four assessments per unit over two years
            rows.append(Risikovurdering(enhed=u, fase="prae", kategori=kategorier[(i + j) % 10], begrundelse="x",
                                        intensitetsplan=plan(), dato=dt.date(2024, 12, 1) + dt.timedelta(days=170 * j),
                                        vurderet_af=user))
    Risikovurdering.objects.bulk_create(rows, batch_size=2000)


def test_risikooverblik_scaling(leder_hovedstaden, client):
    client.force_login(leder_hovedstaden)
    have = 0
    print()
    for size in (100, 500, 2000):
        _grow(size, have, leder_hovedstaden)
        have = size
        selectors.risikooverblik(leder_hovedstaden)
        start = time.perf_counter()
        for _ in range(5):
            selectors.risikooverblik(leder_hovedstaden)
        selector_ms = (time.perf_counter() - start) / 5 * 1000
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            client.get("/risiko/")
            page_ms = (time.perf_counter() - start) * 1000
        print(f"risiko overblik: {size:5d} units, {size * 4:5d} assessments: selector {selector_ms:6.1f} ms, "
              f"page {page_ms:6.1f} ms, {len(ctx.captured_queries)} queries")
