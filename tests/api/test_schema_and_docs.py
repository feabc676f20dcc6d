"""The OpenAPI schema documents every route; the docs pages work offline under the CSP."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db


def _api_routes() -> set[str]:
    routes: set[str] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                routes.add(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", prefix + str(pattern.pattern)))

    [api] = [p for p in get_resolver().url_patterns if str(getattr(p, "pattern", "")) == "api/v1/"]
    walk(api.url_patterns, "/api/v1/")
    return {r for r in routes if "^" not in r} - {"/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/"}


def test_schema_lists_every_api_route_with_documented_errors(anon: Any) -> None:
    response = anon.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert _api_routes() <= set(schema["paths"])
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = {int(code) for code in operation["responses"]}
            assert any(code >= 400 for code in codes), (method, path)
    assert schema["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"


def test_checked_in_schema_is_current(anon: Any) -> None:
    from pathlib import Path

    checked_in = yaml.safe_load((Path(__file__).parents[2] / "docs" / "openapi.yaml").read_text())
    live = yaml.safe_load(anon.get("/api/v1/schema/").content)
    # The whole document, not only its paths, and on whichever database this run uses (CI runs the
    # suite on PostgreSQL and on SQLite): nothing in the schema may depend on the database vendor.
    assert checked_in["paths"].keys() == live["paths"].keys(), "run `make schema` to refresh docs/openapi.yaml"
    for path, operations in live["paths"].items():
        assert checked_in["paths"][path] == operations, f"{path} differs: run `make schema`"
    assert checked_in == live, "run `make schema` to refresh docs/openapi.yaml"


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_pages_load_only_our_own_scripts_and_no_inline_script(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attributes, body in scripts:
        assert body.strip() == "", "inline script"
        src = re.search(r'src="([^"]+)"', attributes)
        assert src is not None and src.group(1).startswith("/"), src
    assert "http://" not in html and "https://" not in html  # no CDN, no web fonts
    for url in re.findall(r'(?:src|href)="(/static/[^"?]+)"', html):
        assert finders.find(url.removeprefix("/static/")), url
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_swagger_start_up_script_is_served_as_javascript() -> None:
    html = Client().get("/api/v1/docs/").content.decode()
    script_url = re.findall(r'<script src="([^"]+)"', html)[-1].replace("&amp;", "&")
    response = Client().get(script_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in response.content.decode()
