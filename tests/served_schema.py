"""The schema /api/v1/schema/ serves, for tests that walk it (contract, fuzz, query parameters).

It is built with the same generator the view calls, called directly: these tests read it at
collection, before the test environment allows the test client's host.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# What every response must be: no 5xx, and the status, content type, headers and body the schema says.
CONFORMANCE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def served_schema() -> dict[str, Any]:
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


def schemathesis_schema(config: dict[str, Any] | None = None) -> Any:
    """The served schema for schemathesis, bound to the WSGI app (requests stay in-process);
    ``config`` is schemathesis' own configuration (the keys of ``schemathesis.toml``)."""
    loaded = schemathesis.openapi.from_dict(
        served_schema(), config=SchemathesisConfig.from_dict(config) if config is not None else None
    )
    loaded.app = get_wsgi_application()
    return loaded
