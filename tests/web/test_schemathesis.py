"""Property-based checks of every REST operation against the OpenAPI document (a bounded
number of generated requests each, valid and invalid, with an admin's bearer token), on SQLite
and PostgreSQL: no server errors; status codes, content types, headers and bodies as declared;
the bearer token is not ignored; a deleted record is gone; every request the document
calls valid is accepted and every one it calls invalid is refused. The examples are derived
from the operation, the same on every run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ensure_resource_availability,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
    use_after_free,
)

from greenbridge.settings import Settings
from greenbridge.web.app import create_app
from tests.web.helpers import add_user, token_for

pytestmark = pytest.mark.slow


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
    use_after_free,
    ensure_resource_availability,
    missing_required_header,
    unsupported_method,
    positive_data_acceptance,
    negative_data_rejection,
]
# A multipart part is bytes on the wire: an "integer" file item is a file like any other, and
# the upload answers it with a line of its own saying why it is not a document.
NOT_NEGATIVE = {"POST /api/documents"}


def test_api_conforms_to_its_openapi_document(tmp_path: Path, database_url: str) -> None:
    app = create_app(Settings(home=tmp_path, database_url=database_url))
    add_user(app.state.engine, "fuzzer", "admin")
    headers = {"Authorization": f"Bearer {token_for(app.state.engine, 'fuzzer')}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, headers=headers)
    schema.config.generation.update(allow_x00=False)  # NUL is refused, as the document says
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/match":
            continue  # loads the embedding model; covered by tests/web/test_match.py

        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if mode is GenerationMode.NEGATIVE and operation.label in NOT_NEGATIVE:
                continue
            if mode is GenerationMode.NEGATIVE and not _has_input(operation):
                continue  # nothing to make invalid

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=3, deadline=None, suppress_health_check=list(HealthCheck),
                database=None, derandomize=True,
            )  # fmt: skip
            def check(case: schemathesis.Case) -> None:
                case.call_and_validate(headers=headers, checks=CHECKS)

            check()
            checked.append(f"{operation.label} {mode.value}")
    assert len(checked) > 50


def _has_input(operation: Any) -> bool:
    """Whether the operation takes parameters or a body a request could get wrong."""
    definition = operation.definition.raw
    return bool(definition.get("parameters") or definition.get("requestBody"))


def test_every_api_operation_documents_the_shared_error_answers(tmp_path: Path) -> None:
    app = create_app(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'store.db'}"))
    paths = app.openapi()["paths"]
    entity = paths["/api/entities/{entity_id}"]
    assert {"401", "403", "404", "503"} <= set(entity["get"]["responses"])
    assert {"400", "409", "413"} <= set(paths["/api/relations"]["post"]["responses"])
    formats = set(paths["/api/reports/impact"]["get"]["responses"]["200"]["content"])
    assert {"application/json", "text/markdown", "text/html", "application/pdf"} <= formats
