"""Schema-based fuzzing (schemathesis) against the running API (pytest-django's live server): for every
operation, inputs that fit the schema and inputs that do not, on ids that exist (own and another
socialtilsyn's) and ids that do not. No answer may be a 5xx, every answer must match the schema (status
code, content type, body), and input outside the schema must be refused with a 4xx.

Bounded (FUZZ_EXAMPLES per operation, default 20) so it runs in well under a minute."""

from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from api.v1 import api
from api.v1.dialog import etag_for
from dialogforloeb.models import Dialogforloeb

from .conftest import build_side, token_for

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=EXAMPLES,
                                allow_x00=True, with_security_parameters=False, database="none")

# Ids of objects that exist (own and another socialtilsyn's), per resource, filled by the fixture: half the
# generated ids are replaced by one of these, so the fuzzing reaches what lies behind the lookup (an id
# drawn at random almost never exists).
KNOWN_IDS: dict[str, list[int]] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    resource = context.operation.path.removeprefix("/api/v1/").split("/")[0]
    ids = KNOWN_IDS.get(resource)
    if not isinstance(path_parameters, dict) or "id" not in path_parameters or not ids:
        return st.just(path_parameters)
    return st.one_of(st.just(path_parameters), st.sampled_from(ids).map(lambda i: {**path_parameters, "id": i}))


@schema.hook
def flatmap_case(context, case):
    """Transitions need the forløb's current ETag in If-Match: give it half the time, so the fuzzing gets
    past the precondition into the forms and services."""
    if "/transitions/" not in case.path or not isinstance(case.path_parameters, dict):
        return st.just(case)
    forloeb = Dialogforloeb.objects.filter(pk=case.path_parameters.get("id")).first() if isinstance(
        case.path_parameters.get("id"), int) else None
    if forloeb is None:
        return st.just(case)

    def with_etag(c):
        c.headers = {**(c.headers or {}), "If-Match": etag_for(forloeb)}
        return c

    return st.sampled_from([False, True]).map(lambda use: with_etag(case) if use else case)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]


@pytest.fixture
def fuzz_token(transactional_db, reference_data, settings, tmp_path):
    from kvalitetsmodel.loader import load_file

    load_file()  # a transactional test flushes the quality models the migration loaded
    own, other = build_side("hovedstaden"), build_side("syd")
    for resource, attrs in {"tilbud": ["tilbud"], "plejefamilier": ["plejefamilie"], "tilsynsbesoeg": ["besoeg"],
                            "risikovurderinger": ["risikovurdering"], "kvalitetsvurderinger": ["kvalitetsvurdering"],
                            "frister": ["frist"], "dialogforloeb": ["forloeb"], "dokumenter": ["dokument"],
                            "enheder": ["tilbud", "plejefamilie"]}.items():
        KNOWN_IDS[resource] = [getattr(side, attr).pk for side in (own, other) for attr in attrs]
    # A konsulent who is also leder may call every write: the fuzzing reaches every service.
    own.konsulent.is_leder = True
    own.konsulent.save(update_fields=["is_leder"])
    yield token_for(own.konsulent)
    KNOWN_IDS.clear()


def _runner(strategy, counts: Counter, base_url: str, headers: dict):
    """One operation's fuzzing: bounded, reproducible (derandomized), counting the answers."""

    @settings(deadline=None, suppress_health_check=list(HealthCheck), max_examples=EXAMPLES, derandomize=True,
              database=None)
    @given(case=strategy)
    def run(case):
        response = case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=30)
        counts[response.status_code] += 1

    return run


def test_api_never_answers_5xx_and_always_matches_its_schema(live_server, fuzz_token):
    """Every operation in one test: the world is built once (a test per operation rebuilt it 37 times)."""
    headers = {"Authorization": f"Bearer {fuzz_token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == sum(len(ops) for ops in api.get_openapi_schema()["paths"].values())
    statuses: dict[str, Counter] = {}
    for operation in operations:
        strategy = st.one_of(*(operation.as_strategy(generation_mode=mode, hooks=schema.hooks)
                               for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)))
        run = _runner(strategy, statuses.setdefault(operation.label, Counter()), live_server.url, headers)
        try:
            run()
        except Exception as exc:
            raise AssertionError(f"{operation.label}: {exc}") from exc
    # The fuzzing got past authentication and lookup: every read answered data at least once.
    missed = [label for label, counts in statuses.items() if label.startswith("GET") and not counts[200]]
    assert not missed, {label: dict(statuses[label]) for label in missed}
