"""Two users acting on the same forløb at once, on real PostgreSQL: exactly one wins, the other is told."""

import threading

import pytest
from django.db import connections

from dialogforloeb import services
from dialogforloeb.models import Dialogforloeb, Haendelse, Status, Udfald
from tests import factories
from tests.dialogforloeb import factories as df
from tilsyn.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = ("ok", call())
        except DomainError as exc:
            results[i] = ("refused", exc.message)
        except Exception as exc:  # noqa: BLE001 - any other outcome (a lost lock) must fail the assertion, visibly
            results[i] = ("error", repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_transitions_at_once_exactly_one_wins(reference_data):
    k1 = factories.konsulent("hovedstaden")
    k2 = factories.konsulent("hovedstaden")
    f = df.i_dialog(k1, factories.TilbudFactory())
    a, b = Dialogforloeb.objects.get(pk=f.pk), Dialogforloeb.objects.get(pk=f.pk)
    data = df.agter_data(f)
    results = _race(
        lambda: services.forloeb_close(actor=k1, forloeb=a, udfald=Udfald.BEKYMRING_OPHOERT, begrundelse="Rettet."),
        lambda: services.agterskrivelse_create(actor=k2, forloeb=b, data=data),
    )
    kinds = sorted(r[0] for r in results)
    assert kinds == ["ok", "refused"], results
    refused = next(r[1] for r in results if r[0] == "refused")
    assert "ændret af en anden i mellemtiden" in refused and "Genindlæs siden" in refused
    final = Dialogforloeb.objects.get(pk=f.pk)
    assert final.status in (Status.AFSLUTTET, Status.VARSLING)
    transitions = Haendelse.objects.filter(forloeb=f).exclude(til_status="").exclude(fra_status="")
    assert transitions.filter(til_status__in=[Status.AFSLUTTET, Status.VARSLING]).count() == 1


def test_same_transition_twice_at_once(reference_data):
    k = factories.konsulent("hovedstaden")
    f = df.i_dialog(k, factories.TilbudFactory())
    objs = [Dialogforloeb.objects.get(pk=f.pk) for _ in range(2)]
    results = _race(*[
        (lambda o=o: services.forloeb_close(actor=k, forloeb=o, udfald=Udfald.BEKYMRING_OPHOERT, begrundelse="Ok"))
        for o in objs
    ])
    assert sorted(r[0] for r in results) == ["ok", "refused"], results
    refused = next(r[1] for r in results if r[0] == "refused")
    assert refused == ("Forløbet er ændret af en anden i mellemtiden: det står nu som »Afsluttet«. Genindlæs siden og "
                       "prøv igen.")
    assert Haendelse.objects.filter(forloeb=f, til_status=Status.AFSLUTTET).count() == 1


def test_locking_a_forloeb_does_not_lock_its_unit(reference_data):
    """A service holding the forløb's row lock leaves the unit free: editing the tilbud is not blocked."""
    from django.db import transaction

    from tilsyn.models import Enhed

    k = factories.konsulent("hovedstaden")
    f = df.forloeb(k, factories.TilbudFactory())
    outcome = []

    def edit_unit():
        try:
            with transaction.atomic():
                Enhed.objects.select_for_update(nowait=True).get(pk=f.enhed_id)
            outcome.append("free")
        except Exception as exc:  # noqa: BLE001 - the lock error is what the test looks for
            outcome.append(type(exc).__name__)
        finally:
            connections.close_all()

    with transaction.atomic():
        services._lock(f)
        t = threading.Thread(target=edit_unit)
        t.start()
        t.join(30)
    assert outcome == ["free"]
