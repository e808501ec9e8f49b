import os

import pytest

from tests import factories

# Benchmarks print figures and run only on demand (`make bench`), never in the suite.
collect_ignore = [] if os.environ.get("TILSYN_BENCH") else ["bench"]


@pytest.fixture
def konsulent_hovedstaden(db):
    return factories.konsulent("hovedstaden", username="k-hovedstaden", first_name="Karen", last_name="Holm")


@pytest.fixture
def konsulent_syd(db):
    return factories.konsulent("syd", username="k-syd", first_name="Søren", last_name="Lund")


@pytest.fixture
def jurist_hovedstaden(db):
    return factories.jurist("hovedstaden", username="j-hovedstaden")


@pytest.fixture
def leder_hovedstaden(db):
    return factories.leder("hovedstaden", username="l-hovedstaden")


@pytest.fixture
def tilbud(db):
    return factories.TilbudFactory(navn="Bostedet Æblehaven")


@pytest.fixture
def plejefamilie(db):
    return factories.PlejefamilieFactory(navn="Familien Ærø")


@pytest.fixture
def client_konsulent(client, konsulent_hovedstaden):
    client.force_login(konsulent_hovedstaden)
    return client


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests flush every table after each test, migration data included: reload it."""
    from django.apps import apps

    from tilsyn.data.reference import load

    load(apps)
