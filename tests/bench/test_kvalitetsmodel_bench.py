"""Benchmark (prints figures, asserts no timings): render time of a full tilsynsrapport PDF, and the
queries and time of saving one indicator score (htmx) at two sizes of data. Run with `make bench`."""

import datetime as dt
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dokumenter.pdf import render_pdf
from kvalitetsmodel import rapport
from tests import factories
from tests.kvalitetsmodel.factories import completed, start

pytestmark = pytest.mark.django_db


def test_tilsynsrapport_pdf_render_time(capsys):
    konsulent = factories.konsulent("hovedstaden")
    tilbud = factories.TilbudFactory(navn="Bostedet Æblehaven")
    completed(konsulent, tilbud, 4, dato=dt.date(2025, 5, 1))
    vurdering = completed(konsulent, tilbud, 4, dato=dt.date(2026, 5, 1), scores={"Indikator 11a": 1})
    timings = []
    for _ in range(5):
        t0 = time.perf_counter()
        ctx = rapport.context(vurdering)
        pdf = render_pdf("kvalitetsmodel/pdf/tilsynsrapport.html", ctx)
        timings.append(time.perf_counter() - t0)
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    with capsys.disabled():
        print(f"\ntilsynsrapport PDF ({pages} sider, {len(pdf) // 1024} KB): første {timings[0]:.3f} s, "
              f"median varm {statistics.median(timings[1:]):.3f} s")


def _save(client, b, score):
    url = reverse("kvalitetsmodel:bedoemmelse_gem", args=[b.vurdering_id, b.pk])
    data = {f"b{b.pk}-score": str(score), f"b{b.pk}-begrundelse": "Set på besøget.", f"b{b.pk}-datakilder": ["ledelse"]}
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        resp = client.post(url, data, HTTP_HX_REQUEST="true")
        elapsed = time.perf_counter() - t0
    assert resp.status_code == 200
    return len(ctx.captured_queries), elapsed


def test_saving_one_score_queries_and_time(client, capsys):
    konsulent = factories.konsulent("hovedstaden")
    client.force_login(konsulent)
    rows = []
    for label, history in (("1 enhed, ingen tidligere vurderinger", 0), ("enhed med 10 tidligere vurderinger", 10)):
        tilbud = factories.TilbudFactory()
        for i in range(history):
            completed(konsulent, tilbud, 3 + i % 2, dato=dt.date(2015 + i, 1, 1))
        draft = start(konsulent, tilbud)
        b = draft.bedoemmelser.exclude(ikke_relevant=True).first()
        results = [_save(client, b, 1 + n % 5) for n in range(10)]
        rows.append((label, results[0][0], statistics.median(r[1] for r in results)))
    with capsys.disabled():
        for label, queries, median in rows:
            print(f"gem én score ({label}): {queries} forespørgsler, median {median * 1000:.1f} ms")
