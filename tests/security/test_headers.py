"""Security headers on every response, with the settings production runs (tests run with DEBUG off).

The `check --deploy --fail-level WARNING` run with a production environment lives in
tests/foundation/test_settings.py; these tests look at the headers themselves.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.factories import UserFactory

PAGES = ["/accounts/login/", "/healthz", "/no-such-page"]


def directives(header: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_response_has_a_strict_content_security_policy(client, path):
    response = client.get(path, secure=True)
    policy = directives(response["Content-Security-Policy"])
    script_sources = policy.get("script-src", policy["default-src"])
    assert script_sources == ["'self'"], "no inline or eval'd script, no third-party script"
    assert "'unsafe-inline'" not in policy.get("style-src", policy["default-src"])
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_response_has_the_browser_hardening_headers(client, path):
    response = client.get(path, secure=True)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_https_responses_carry_hsts_for_a_year_with_subdomains(client):
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_the_session_is_http_only(client):
    UserFactory(username="reporter")
    page = client.get("/accounts/login/", secure=True)
    assert page.cookies["csrftoken"]["secure"] and page.cookies["csrftoken"]["samesite"] == "Lax"
    response = client.post(
        "/accounts/login/", {"username": "reporter", "password": "correct horse battery staple"}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


@pytest.mark.django_db
def test_plain_http_is_redirected_except_health_checks_and_metrics(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = ""
    response = client.get("/accounts/login/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    # Container health checks and Prometheus speak plain HTTP inside the network.
    for path in ("/healthz", "/readyz", "/metrics"):
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_htmx_is_configured_to_run_no_inline_code(client):
    page = client.get("/accounts/login/", secure=True).content.decode()
    (config,) = re.findall(r'<meta name="htmx-config"\s+content=\'([^\']*)\'', page)
    assert json.loads(config) == {
        **json.loads(config),
        "allowEval": False,
        "allowScriptTags": False,
        "includeIndicatorStyles": False,
    }
