"""Benchmark (prints figures, asserts no timings): the outbox sweep delivering 2 000 waiting e-mails
(one claim-send-mark transaction each, locmem backend), with 200 000 sent rows beside them, and the
access log's cost on a plejefamilie page. Run with `make bench` (TILSYN_BENCH=1)."""

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frister import outbox
from frister.models import Email, EmailStatus
from tests import factories

WAITING = 2_000
SENT = 200_000


@pytest.mark.django_db
def test_outbox_delivers_2k_next_to_200k_sent(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    now = timezone.now()
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO frister_email (modtager, emne, tekst, status, oprettet, naeste_forsoeg, forsoeg, sidste_fejl, sendt)"
            " SELECT 'k@example.org', 'Påmindelse ' || g, 'Tekst', 'sendt', %s, %s, 1, '', %s FROM generate_series(1, %s) g",
            [now, now, now, SENT])
        cur.execute(
            "INSERT INTO frister_email (modtager, emne, tekst, status, oprettet, naeste_forsoeg, forsoeg, sidste_fejl)"
            " SELECT 'k@example.org', 'Påmindelse ' || g, 'Tekst', 'venter', %s, %s, 0, '' FROM generate_series(1, %s) g",
            [now, now, WAITING])
        cur.execute("ANALYZE frister_email")
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        result = outbox.deliver(limit=WAITING)
    elapsed = time.perf_counter() - t0
    assert result.sendt == WAITING and not Email.objects.filter(status=EmailStatus.VENTER).exists()
    print(f"\noutbox: {WAITING} e-mails in {elapsed:.2f} s ({WAITING / elapsed:.0f}/s), "
          f"{len(ctx.captured_queries) / WAITING:.1f} queries per e-mail, next to {SENT} sent rows")


@pytest.mark.django_db
def test_access_log_cost_on_a_plejefamilie_page():
    user = factories.konsulent("hovedstaden")
    fam = factories.PlejefamilieFactory()
    client = Client()
    client.force_login(user)
    client.get(fam.get_absolute_url())  # warm caches (content types, templates)
    runs = 50
    t0 = time.perf_counter()
    for _ in range(runs):
        client.get(fam.get_absolute_url())
    elapsed = (time.perf_counter() - t0) / runs
    with CaptureQueriesContext(connection) as ctx:
        client.get(fam.get_absolute_url())
    inserts = [q for q in ctx.captured_queries if 'INSERT INTO "persondata_adgangslog"' in q["sql"]]
    print(f"\nplejefamilie page: {elapsed * 1000:.1f} ms per view, {len(ctx.captured_queries)} queries of which "
          f"{len(inserts)} access-log insert")
