"""Schemathesis drives every documented operation with generated input, valid and invalid.

Whatever arrives, the API answers as documented and never with a 5xx; invalid input gets a
problem+json 4xx. Derandomised and bounded so the run is repeatable and quick.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = 15
POSITIVE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
                   response_schema_conformance]
NEGATIVE_CHECKS = [not_a_server_error, negative_data_rejection, content_type_conformance]


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def drive(schema, mode: GenerationMode, checks, headers: dict) -> None:
    """Run every operation; report all failing operations at once, each with its example."""
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    for operation in operations:

        @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                  phases=[Phase.explicit, Phase.generate, Phase.shrink],
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=checks)  # errors are documented as problem+json

        try:
            run()
        except Unsatisfiable:
            continue  # negative mode on an operation without inputs: nothing can be invalid
        except (Exception, BaseExceptionGroup) as error:  # schemathesis groups its failures
            failures.append(f"{operation.label}: {error}\n" + "\n".join(getattr(error, "__notes__", [])))
    assert not failures, "\n\n".join(failures)


def test_valid_input_is_answered_as_documented(api_schema, db_session, admin_headers):
    drive(api_schema, GenerationMode.POSITIVE, POSITIVE_CHECKS, admin_headers)


def test_invalid_input_is_a_4xx_problem(api_schema, db_session, admin_headers):
    drive(api_schema, GenerationMode.NEGATIVE, NEGATIVE_CHECKS, admin_headers)
