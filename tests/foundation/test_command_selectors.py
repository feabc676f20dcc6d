"""The reads the management commands make: who they act for, and how their articles ended."""

from __future__ import annotations

import pytest

from claims.models import Article
from claims.selectors.articles import article_outcomes, articles_unfinished_exist
from factcheck.roles import first_active_superuser
from factcheck.selectors import user_named
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_user_named_leaves_out_a_deactivated_account_unless_asked_not_to() -> None:
    gone = UserFactory(username="gone", is_active=False)
    here = UserFactory(username="here")
    assert user_named("here") == here
    assert user_named("gone") is None
    assert user_named("gone", active_only=False) == gone
    assert user_named("nobody", active_only=False) is None


def test_a_command_acts_for_the_oldest_active_superuser() -> None:
    assert first_active_superuser() is None
    UserFactory(username="retired", is_superuser=True, is_active=False)
    UserFactory(username="plain")
    boss = UserFactory(username="boss", is_superuser=True)
    UserFactory(username="later-boss", is_superuser=True)
    assert first_active_superuser() == boss


def test_articles_are_unfinished_while_queued_fetching_or_extracting() -> None:
    done = ArticleFactory(status=Article.Status.DONE)
    failed = ArticleFactory(status=Article.Status.FAILED, error="404 Not Found")
    assert not articles_unfinished_exist([done.pk, failed.pk])
    for status in (Article.Status.QUEUED, Article.Status.FETCHING, Article.Status.EXTRACTING):
        running = ArticleFactory(status=status)
        assert articles_unfinished_exist([done.pk, running.pk])
    assert sorted(article_outcomes([done.pk, failed.pk, 0])) == sorted(
        [(done.pk, "done", ""), (failed.pk, "failed", "404 Not Found")]
    )
