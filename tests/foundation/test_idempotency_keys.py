"""The idempotency-key service: a key is claimed once per user, replayed when done, refused when
reused for another request or still running, forgotten on failure and when expired."""

from __future__ import annotations

from datetime import timedelta

import pytest

from factcheck import clock
from factcheck.errors import DomainError, ErrorKind
from factcheck.models import IdempotencyKey
from factcheck.services.idempotency import (
    StoredResponse,
    idempotency_key_claim,
    idempotency_key_complete,
    idempotency_key_release,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _claim(user, key="k-1", request_hash="a" * 64):
    return idempotency_key_claim(
        user=user, key=key, method="POST", path="/api/v1/claims/bulk", request_hash=request_hash
    )


def test_a_new_key_is_stored_as_running_for_its_user_and_expires_after_the_setting(settings):
    settings.IDEMPOTENCY_KEY_HOURS = 3
    user = UserFactory()
    claimed = _claim(user)
    assert isinstance(claimed, IdempotencyKey)
    row = IdempotencyKey.objects.get(pk=claimed.pk)
    assert (row.user, row.key, row.state, row.response_status) == (user, "k-1", IdempotencyKey.State.RUNNING, None)
    assert timedelta(hours=3) - timedelta(minutes=1) < row.expires_at - clock.now() <= timedelta(hours=3)


def test_a_completed_key_replays_its_stored_response_to_the_same_request():
    user = UserFactory()
    claimed = _claim(user)
    idempotency_key_complete(key=claimed, response=StoredResponse(201, {"id": 7}, {"Location": "/api/v1/x/7/"}))
    assert _claim(user) == StoredResponse(201, {"id": 7}, {"Location": "/api/v1/x/7/"})
    assert IdempotencyKey.objects.get().state == IdempotencyKey.State.DONE


def test_a_key_reused_for_another_request_is_unprocessable_and_a_running_one_conflicts():
    user = UserFactory()
    _claim(user)
    with pytest.raises(DomainError) as other:
        _claim(user, request_hash="b" * 64)
    assert other.value.kind == ErrorKind.UNPROCESSABLE
    with pytest.raises(DomainError) as running:
        _claim(user)
    assert running.value.kind == ErrorKind.CONFLICT


def test_a_released_key_runs_again_and_keys_belong_to_one_user():
    first, second = UserFactory(), UserFactory()
    claimed = _claim(first)
    assert isinstance(_claim(second), IdempotencyKey)  # the same key string, another user
    idempotency_key_release(key=claimed)
    assert not IdempotencyKey.objects.filter(pk=claimed.pk).exists()
    assert isinstance(_claim(first), IdempotencyKey)


def test_an_expired_key_is_forgotten_so_the_key_can_serve_a_new_request():
    user = UserFactory()
    with clock.frozen_at(clock.now() - timedelta(days=3)):
        old = _claim(user)
    idempotency_key_complete(key=old, response=StoredResponse(200, {}, {}))
    fresh = _claim(user, request_hash="c" * 64)
    assert isinstance(fresh, IdempotencyKey) and fresh.pk != old.pk
    assert IdempotencyKey.objects.count() == 1
