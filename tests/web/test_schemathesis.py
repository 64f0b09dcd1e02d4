"""Property-based checks of every REST operation against the OpenAPI document (a bounded
number of generated requests each, with an admin's bearer token): no server errors, and
responses that match their declared schemas."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from greenbridge.settings import Settings
from greenbridge.web.app import create_app
from tests.web.helpers import add_user, token_for

pytestmark = pytest.mark.slow


def test_api_conforms_to_its_openapi_document(tmp_path: Path) -> None:
    app = create_app(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}"))
    add_user(app.state.engine, "fuzzer", "admin")
    headers = {"Authorization": f"Bearer {token_for(app.state.engine, 'fuzzer')}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, headers=headers)
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/match":
            continue  # loads the embedding model; covered by tests/web/test_match.py

        @given(case=operation.as_strategy())
        @settings(
            max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(
                headers=headers, checks=[not_a_server_error, response_schema_conformance]
            )

        check()
        checked.append(operation.label)
    assert len(checked) > 25
