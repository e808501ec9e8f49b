"""The sweeper with time frozen at several instants: each rung fires at its moment, exactly once."""

import datetime as dt
import threading
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from frister import services
from frister.models import Frist, FristStatus, FristTrin, Notifikation, TrinArt, TrinStatus
from tests import factories

from .factories import frist as make_frist

D = dt.date
CPH = ZoneInfo("Europe/Copenhagen")


def at(y, m, d, hour=6, minute=0):
    return time_machine.travel(dt.datetime(y, m, d, hour, minute, tzinfo=CPH), tick=False)


def sweep():
    return services.frister_sweep()


@pytest.fixture
def setup(db):
    leder = factories.leder("hovedstaden", username="leder-a")
    leder2 = factories.leder("hovedstaden", username="leder-b")
    factories.leder("syd", username="leder-syd")  # another socialtilsyn's leader hears nothing
    konsulent = factories.konsulent("hovedstaden", username="ansvarlig")
    enhed = factories.TilbudFactory(navn="Bostedet Lærkereden")
    f = make_frist(enhed=enhed, due=D(2026, 12, 1), responsible=konsulent, titel="Påbud om bemanding")
    return f, konsulent, {leder, leder2}


def notes(**kw):
    return list(Notifikation.objects.filter(**kw).order_by("pk"))


def test_rungs_fire_at_their_moments_once_each(setup):
    f, konsulent, ledere = setup
    with at(2026, 11, 19, 23, 59):
        assert sweep().fired == 0
    with at(2026, 11, 20, 0, 1):
        r = sweep()
        assert (r.paamindelser, r.eskaleringer) == (1, 0)
        (n,) = notes()
        assert n.user == konsulent and n.frist == f
        assert n.titel == "Påmindelse: Påbud om bemanding for Bostedet Lærkereden udløber om 11 dage"
        assert n.url == f"/frister/{f.pk}/"
        assert sweep().fired == 0  # running it twice changes nothing
    with at(2026, 11, 26, 12):
        assert sweep().fired == 0
    with at(2026, 11, 27, 7):
        assert sweep().paamindelser == 1
        assert notes()[-1].titel.endswith("udløber om 4 dage")
    with at(2026, 12, 1, 23):
        assert sweep().fired == 0  # the due day itself: still open
        f.refresh_from_db()
        assert f.status == FristStatus.AABEN
    with at(2026, 12, 2, 0, 5):
        r = sweep()
        assert (r.paamindelser, r.eskaleringer, r.notifikationer) == (0, 1, 3)
        f.refresh_from_db()
        assert f.status == FristStatus.OVERSKREDET and f.overskredet is not None
        esc = notes(trin__kind=TrinArt.ESKALERING)
        assert {n.user for n in esc} == ledere | {konsulent}
        assert esc[0].titel == "Overskredet: Påbud om bemanding for Bostedet Lærkereden"
        assert sweep().fired == 0
    with at(2026, 12, 10):
        assert sweep().fired == 0
    assert Notifikation.objects.count() == 5
    assert FristTrin.objects.filter(frist=f, status=TrinStatus.UDFOERT).count() == 3


def test_extended_after_first_reminder_gets_new_reminders(setup):
    f, konsulent, _ = setup
    with at(2026, 11, 20):
        assert sweep().paamindelser == 1
    with at(2026, 11, 23, 10):
        services.frist_extend(frist=f, new_due=D(2026, 12, 15), reason="Anmodning om udsættelse", actor=konsulent)
    with at(2026, 11, 27):
        assert sweep().fired == 0  # the old 2-day reminder was cancelled
    with at(2026, 12, 4):
        assert sweep().paamindelser == 1  # 7 working days before the new date
    with at(2026, 12, 11):
        assert sweep().paamindelser == 1
    with at(2026, 12, 2):
        assert sweep().fired == 0  # the old escalation day passes quietly
    with at(2026, 12, 16):
        assert sweep().eskaleringer == 1
    assert Notifikation.objects.filter(trin__kind=TrinArt.PAAMINDELSE).count() == 3


def test_overdue_frist_extended_is_open_again(setup):
    f, konsulent, _ = setup
    with at(2026, 12, 3):
        sweep()
        f.refresh_from_db()
        assert f.status == FristStatus.OVERSKREDET
        f = services.frist_extend(frist=f, new_due=D(2026, 12, 21), reason="Ny frist efter høring", actor=konsulent)
        assert f.status == FristStatus.AABEN and f.overskredet is None


def test_missed_sweeps_skip_stale_reminders_but_escalate(setup):
    f, _, _ = setup
    with at(2026, 12, 5):
        r = sweep()
    assert (r.paamindelser, r.eskaleringer, r.sprunget_over) == (0, 1, 2)
    assert not Notifikation.objects.filter(trin__kind=TrinArt.PAAMINDELSE).exists()


def test_fulfilled_frist_never_escalates(setup):
    f, konsulent, _ = setup
    services.frist_fulfil(frist=f, actor=konsulent)
    with at(2026, 12, 5):
        assert sweep().fired == 0
    f.refresh_from_db()
    assert f.status == FristStatus.OPFYLDT and not Notifikation.objects.exists()


def test_crashed_sweeper_loses_nothing(setup):
    f, _, _ = setup
    crash = mock.patch.object(services, "emails_for", side_effect=RuntimeError("worker killed"))
    with at(2026, 11, 20), crash, pytest.raises(RuntimeError):
        sweep()
    assert not Notifikation.objects.exists()
    assert FristTrin.objects.filter(status=TrinStatus.VENTER).count() == 3
    with at(2026, 11, 20, 6, 5):
        assert sweep().paamindelser == 1
        assert sweep().fired == 0
    assert Notifikation.objects.count() == 1


def test_sweep_query_count_is_constant(db):
    konsulent = factories.konsulent("hovedstaden")
    factories.leder("hovedstaden")
    enheder = [factories.TilbudFactory() for _ in range(3)]

    def make(n):
        for i in range(n):
            make_frist(enhed=enheder[i % 3], due=D(2026, 12, 1), responsible=konsulent)

    def count(today):
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            services.frister_sweep(today=today)
        return len(ctx.captured_queries)

    make(2)
    small = count(D(2026, 12, 2))
    make(30)
    FristTrin.objects.filter(kind=TrinArt.ESKALERING, status=TrinStatus.VENTER).update(forfalder=D(2026, 12, 3))
    large = count(D(2026, 12, 3))
    assert Frist.objects.filter(status=FristStatus.OVERSKREDET).count() == 32
    assert small == large


# ---------------------------------------------------------------------------------------------
# Two sweepers on real PostgreSQL (separate connections, real row locks).


def _due_frister(n):
    konsulent = factories.konsulent("hovedstaden")
    factories.leder("hovedstaden")
    enhed = factories.TilbudFactory()
    for _ in range(n):
        make_frist(enhed=enhed, due=D(2026, 12, 1), responsible=konsulent)


def _in_thread(fn, results, key):
    try:
        results[key] = fn()
    except Exception as exc:  # pragma: no cover - reported by the assertion
        results[key] = exc
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_sweepers_in_parallel_fire_each_rung_once(reference_data):
    _due_frister(60)  # 60 escalations due, 2 recipients each (leader and responsible)
    results: dict = {}
    start = threading.Barrier(2)

    def run():
        start.wait()
        return services.frister_sweep(today=D(2026, 12, 2), batch_size=7)

    threads = [threading.Thread(target=_in_thread, args=(run, results, k)) for k in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(isinstance(r, Exception) for r in results.values()), results
    assert results["a"].eskaleringer + results["b"].eskaleringer == 60
    assert Notifikation.objects.count() == 120
    assert FristTrin.objects.filter(kind=TrinArt.ESKALERING, status=TrinStatus.UDFOERT).count() == 60


@pytest.mark.django_db(transaction=True)
def test_second_sweeper_skips_rows_the_first_holds(reference_data):
    """Sweeper A claims a batch and stalls before committing; B sweeps meanwhile and must skip A's
    rows without waiting; A then commits. Every rung fired once, by exactly one of them."""
    _due_frister(30)
    claimed, go = threading.Event(), threading.Event()
    results: dict = {}
    real_leaders = services._leaders_by_socialtilsyn

    def stalling_after_claim(sids):  # runs inside A's transaction, after its rows are locked
        if threading.current_thread().name == "A":
            claimed.set()
            go.wait(30)
        return real_leaders(sids)

    with mock.patch.object(services, "_leaders_by_socialtilsyn", stalling_after_claim):
        a = threading.Thread(name="A", target=_in_thread,
                             args=(lambda: services.sweep_batch(today=D(2026, 12, 2), batch_size=10), results, "a"))
        a.start()
        assert claimed.wait(30), results
        b = threading.Thread(name="B", target=_in_thread,
                             args=(lambda: services.frister_sweep(today=D(2026, 12, 2)), results, "b"))
        b.start()
        b.join(30)
        assert not b.is_alive(), "B waited for A's locks instead of skipping them"
        go.set()
        a.join(30)
    # A's batch: the 10 earliest rungs (stale reminders) of 10 frister. B skipped those frister's
    # rows entirely and did the other 20 frister; the 10 held frister wait for the next run.
    assert (results["a"].sprunget_over, results["a"].eskaleringer) == (10, 0)
    assert (results["b"].sprunget_over, results["b"].eskaleringer) == (40, 20)
    after = services.frister_sweep(today=D(2026, 12, 3))
    assert (after.sprunget_over, after.eskaleringer) == (10, 10)
    assert Notifikation.objects.count() == 60
    assert services.frister_sweep(today=D(2026, 12, 3)).fired == 0


def test_reminder_without_responsible_goes_to_leaders(db):
    leder = factories.leder("hovedstaden")
    enhed = factories.TilbudFactory()
    from frister.models import FristArt

    f = services.frist_create(owner=enhed, enhed=enhed, art=FristArt.BESOEG, due=D(2026, 12, 1), responsible=None,
                              today=D(2026, 11, 1))
    assert services.frister_sweep(today=D(2026, 11, 5)).paamindelser == 1
    (n,) = Notifikation.objects.all()
    assert n.user == leder and n.frist == f
