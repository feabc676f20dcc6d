"""Log-in throttling (django-axes) through the real login view, and Django's password validators."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOCKED = "Too many failed log-in attempts"


@pytest.fixture
def reporter():
    return UserFactory(username="reporter", role="fact-checker")


def attempt(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, times: int, address: str = "203.0.113.7", username: str = "reporter") -> None:
    for _ in range(times):
        response = attempt(client, username, "wrong password", address)
        assert response.status_code == 200 and LOCKED not in response.content.decode()


def test_five_failures_lock_the_user_at_that_address_even_for_the_right_password(client, reporter, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    fail(client, 4)
    response = attempt(client, "reporter", "wrong password")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    response = attempt(client, "reporter", PASSWORD)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_user_and_address(client, reporter):
    UserFactory(username="colleague")
    fail(client, 4)
    assert attempt(client, "reporter", "wrong password").status_code == 429
    # Another address can still log this user in; another user can still log in from this address.
    assert attempt(client, "reporter", PASSWORD, address="198.51.100.20").status_code == 302
    client.logout()
    assert attempt(client, "colleague", PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, reporter):
    fail(client, 4)
    assert attempt(client, "reporter", PASSWORD).status_code == 302
    client.logout()
    fail(client, 4)  # would be the 8th failure without the reset
    assert attempt(client, "reporter", PASSWORD).status_code == 302


def test_unknown_user_names_are_throttled_too(client):
    fail(client, 4, username="guess-admin")
    assert attempt(client, "guess-admin", "another guess").status_code == 429
    assert attempt(client, "guess-admin", "anything").status_code == 429


@pytest.mark.parametrize(
    "password, reason",
    [
        ("short1!", "too short"),
        ("password123", "too common"),
        ("83920174651", "entirely numeric"),
        ("reporter@example.org", "too similar to the email address"),
    ],
)
def test_weak_passwords_are_refused(reporter, password, reason):
    with pytest.raises(ValidationError, match=reason):
        validate_password(password, user=reporter)


def test_a_strong_password_passes(reporter):
    validate_password("plum-lantern-orbit-42", user=reporter)
