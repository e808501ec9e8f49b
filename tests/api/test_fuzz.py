"""Schema-based fuzzing (schemathesis) against the running API (pytest-django's live server): for every
operation, inputs that fit the schema and inputs that do not, on ids that exist (own and another
socialtilsyn's) and ids that do not. No answer may be a 5xx, every answer must match the schema (status
code, content type, body), and input outside the schema must be refused with a 4xx.

Bounded (FUZZ_EXAMPLES per operation, default 20) so it runs in well under a minute."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
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

from .conftest import build_side, token_for

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=EXAMPLES,
                                allow_x00=True, with_security_parameters=False, database="none")

# Ids of objects that exist, filled by the fixture: half the generated ids are replaced by one of these,
# so the fuzzing reaches the validation behind the 404 (an id drawn at random almost never exists).
KNOWN_IDS: list[int] = []


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    if not isinstance(path_parameters, dict) or "id" not in path_parameters or not KNOWN_IDS:
        return st.just(path_parameters)
    return st.one_of(st.just(path_parameters), st.sampled_from(KNOWN_IDS).map(lambda i: {**path_parameters, "id": i}))


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]


@pytest.fixture
def fuzz_token(transactional_db, reference_data, settings, tmp_path):
    from kvalitetsmodel.loader import load_file

    load_file()  # a transactional test flushes the quality models the migration loaded
    settings.MEDIA_ROOT = tmp_path
    own, other = build_side("hovedstaden"), build_side("syd")
    KNOWN_IDS[:] = sorted({o.pk for side in (own, other) for o in (
        side.tilbud, side.plejefamilie, side.besoeg, side.risikovurdering, side.kvalitetsvurdering, side.frist,
        side.forloeb)})
    # A konsulent who is also leder may call every write: the fuzzing reaches every service.
    own.konsulent.is_leder = True
    own.konsulent.save(update_fields=["is_leder"])
    yield token_for(own.konsulent)
    KNOWN_IDS.clear()


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), max_examples=EXAMPLES, derandomize=True)
def test_api_never_answers_5xx_and_always_matches_its_schema(case, live_server, fuzz_token):
    case.call_and_validate(base_url=live_server.url, headers={"Authorization": f"Bearer {fuzz_token}"}, checks=CHECKS,
                           timeout=30)
