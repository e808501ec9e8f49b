"""Benchmark (prints figures, asserts no timings): the sweep over 100 000 open frister of which
1 000 rungs are due. Run with `make bench` (TILSYN_BENCH=1)."""

import datetime as dt
import os
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frister import services
from frister.models import FristTrin, Notifikation, TrinStatus
from tests import factories
from tilsyn.models import Enhed

OPEN = int(os.environ.get("FRISTER_BENCH_OPEN", "100000"))
DUE = 1_000  # 500 reminders due today + 500 escalations (frister that passed yesterday)


@pytest.mark.django_db
def test_sweep_100k_open_1k_due():
    today = timezone.localdate()
    slugs = ["hovedstaden", "oest", "syd", "midt", "nord"]
    konsulenter = {s: factories.konsulent(s) for s in slugs}
    for s in slugs:
        factories.leder(s)
    enheder = [factories.TilbudFactory(socialtilsyn=factories.socialtilsyn(s), ansvarlig_konsulent=konsulenter[s])
               for s in slugs for _ in range(20)]
    enhed_ids = [e.pk for e in enheder]
    ansvarlig = {e.pk: konsulenter[s].pk for e, s in zip(enheder, [s for s in slugs for _ in range(20)], strict=True)}
    ct = ContentType.objects.get_for_model(Enhed).pk
    half = DUE // 2
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        # Bulk load without triggers (field history, FK checks): with them, PostgreSQL caches the
        # FK-check plans made while the tables were empty (seq scans), making the load quadratic
        # and skewing the sweep's own FK checks in this same session. The sweep runs with triggers.
        cur.execute("SET session_replication_role = replica")
        cur.execute("CREATE TEMP TABLE bench_enhed (n int, enhed_id bigint, ansvarlig_id bigint)")
        cur.executemany("INSERT INTO bench_enhed VALUES (%s, %s, %s)",
                        [(i, eid, ansvarlig[eid]) for i, eid in enumerate(enhed_ids)])
        # Frister: the first 500 are due tomorrow+1 (a reminder today), the next 500 passed yesterday
        # (escalation today), the rest fall due over the coming year.
        cur.execute(f"""
            INSERT INTO frister_frist (enhed_id, owner_ct_id, owner_id, art, titel, frist, oprindelig_frist, dagtype,
                                       ansvarlig_id, status, afsluttet_note, oprettet, opdateret)
            SELECT b.enhed_id, {ct}, b.enhed_id, 'paabud', 'Påbud ' || g,
                   d.due, d.due, 'kalender', b.ansvarlig_id, 'aaben', '', now(), now()
            FROM generate_series(1, {OPEN}) g
            JOIN bench_enhed b ON b.n = g %% {len(enhed_ids)}
            CROSS JOIN LATERAL (SELECT CASE WHEN g <= {half} THEN %(today)s::date + 2
                                            WHEN g <= {DUE} THEN %(today)s::date - 1
                                            ELSE %(today)s::date + 30 + (g %% 330) END AS due) d
        """, {"today": today})
        # Rungs: reminders 7 and 2 days before, escalation the day after. Only the 1 000 above are due.
        cur.execute("""
            INSERT INTO frister_fristtrin (frist_id, kind, dage_foer, forfalder, status)
            SELECT id, 'paamindelse', 7, frist - 7, CASE WHEN frist - 7 <= %(today)s THEN 'udfoert' ELSE 'venter' END
              FROM frister_frist
            UNION ALL
            SELECT id, 'paamindelse', 2, frist - 2, CASE WHEN frist - 2 < %(today)s THEN 'udfoert' ELSE 'venter' END
              FROM frister_frist
            UNION ALL
            SELECT id, 'eskalering', 0, frist + 1, 'venter' FROM frister_frist
        """, {"today": today})
        cur.execute("SET session_replication_role = DEFAULT")
        cur.execute("ANALYZE frister_frist; ANALYZE frister_fristtrin;")
    setup = time.perf_counter() - t0
    due = FristTrin.objects.filter(status=TrinStatus.VENTER, forfalder__lte=today).count()
    total_rungs = FristTrin.objects.count()

    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        result = services.frister_sweep(today=today, send_email=False)
        elapsed = time.perf_counter() - t0
    with CaptureQueriesContext(connection) as idle_ctx:
        t0 = time.perf_counter()
        again = services.frister_sweep(today=today, send_email=False)
        idle = time.perf_counter() - t0
    with connection.cursor() as cur:
        cur.execute("EXPLAIN SELECT id FROM frister_fristtrin WHERE status = 'venter' AND forfalder <= %s "
                    "ORDER BY forfalder, id LIMIT 500 FOR UPDATE SKIP LOCKED", [today])
        plan = "\n      ".join(r[0] for r in cur.fetchall())

    print(f"\n  Frister sweep benchmark ({dt.date.today()}):")
    print(f"    data: {OPEN:,} open frister, {total_rungs:,} rungs, {due:,} due (setup {setup:.1f} s)")
    print(f"    sweep: {elapsed * 1000:.0f} ms, {len(ctx.captured_queries)} queries, {result.batches} batches of ≤500,"
          f" {result.paamindelser} reminders, {result.eskaleringer} escalations, {result.notifikationer} notifications")
    print(f"    second sweep (nothing due): {idle * 1000:.1f} ms, {len(idle_ctx.captured_queries)} queries,"
          f" fired {again.fired}")
    print(f"    claim query plan:\n      {plan}")
    assert result.fired == DUE and again.fired == 0
    assert Notifikation.objects.count() == result.notifikationer
