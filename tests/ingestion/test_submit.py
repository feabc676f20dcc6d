"""article_submit: the one door for URLs, pasted text and uploaded pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.models import Article, Claim, Quantity
from claims.services.articles import article_reingest, article_submit
from factcheck.errors import DomainError, Forbidden
from factcheck.models import ReviewEvent

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
LABELLED = sorted(p for p in FIXTURES.glob("*.json"))


def norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').split()).lower()


def submit_fixture(path: Path, user, capture):
    source = next(path.with_suffix(ext) for ext in (".txt", ".html") if path.with_suffix(ext).exists())
    kind = {"txt": "text", "html": "html"}[source.suffix[1:]]
    payload = source.read_text(encoding="utf-8") if kind == "text" else source.read_bytes()
    with capture(execute=True):
        result = article_submit(user=user, **{kind: payload})
    return result


@pytest.mark.parametrize("label_path", LABELLED, ids=lambda p: p.stem)
def test_every_fixture_article_ingests_to_its_labelled_metadata_without_noise(
    label_path, factchecker, django_capture_on_commit_callbacks
):
    label = json.loads(label_path.read_text())
    result = submit_fixture(label_path, factchecker, django_capture_on_commit_callbacks)
    article = Article.objects.select_related("outlet").get(pk=result.article.pk)
    assert article.status == Article.Status.DONE, article.error
    assert article.outlet.name == label["outlet"]
    assert article.published.isoformat() == label["published"]
    for noise in label["noise"]:
        assert norm(noise) not in norm(article.text), noise
    claims = list(article.claims.all())
    for want in label["claims"]:
        assert any(norm(want["key"]) in norm(c.text) for c in claims), want["key"]
    for claim in claims:
        assert article.text[claim.start : claim.end] == claim.text
    assert ReviewEvent.objects.filter(article=article, action="article.ingested").exists()


def test_claims_are_stored_with_speakers_and_quantities(factchecker, django_capture_on_commit_callbacks):
    submit_fixture(FIXTURES / "us-japan-alliance.json", factchecker, django_capture_on_commit_callbacks)
    troops = Claim.objects.get(text__contains="55,000 troops")
    q = troops.quantities.get(value=55000)
    assert "troop" in (q.unit + q.noun) and q.kind == Quantity.Kind.COUNT
    quote = Claim.objects.get(text__contains="Our forces operate and train together")
    assert quote.speaker.name == "Pete Hegseth" and quote.speaker.title == "Defense Secretary"


def test_the_same_text_is_not_stored_twice(factchecker, django_capture_on_commit_callbacks):
    first = submit_fixture(FIXTURES / "school-funding.json", factchecker, django_capture_on_commit_callbacks)
    text = (FIXTURES / "school-funding.txt").read_text()
    again = article_submit(user=factchecker, text="\n\n" + text.replace("  ", " ") + "\n")
    assert first.created and not again.created and again.article.pk == first.article.pk
    assert Article.objects.count() == 1


def test_the_same_url_with_tracking_parameters_is_not_stored_twice(factchecker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = article_submit(user=factchecker, url="https://News.example/story?id=4&utm_source=x#top")
        again = article_submit(user=factchecker, url="https://news.example:443/story?fbclid=abc&id=4")
    assert first.created and not again.created and again.article.pk == first.article.pk
    assert first.article.canonical_url == "https://news.example/story?id=4"


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"text": "   \n  "}, "text", "empty"),
        ({"url": "ftp://example.org/a"}, "url", "http"),
        ({"url": "https://exa mple.org/"}, "url", "spaces"),
        ({"url": "https://user:pw@example.org/"}, "url", "user name"),
        ({"url": "not a url"}, "url", ""),
        ({"html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, "html", "PNG"),
        ({"html": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'}, "html", "SVG"),
        ({"url": "https://example.org/a", "text": "Also text."}, "url", "exactly one"),
    ],
)
def test_bad_input_is_a_field_error_and_stores_nothing(factchecker, kwargs, field, message):
    with pytest.raises(DomainError) as err:
        article_submit(user=factchecker, **kwargs)
    assert err.value.field == field and message in err.value.message
    assert Article.objects.count() == 0


def test_text_over_the_size_cap_is_refused(factchecker, settings):
    settings.ARTICLE_MAX_CHARS = 1000
    with pytest.raises(DomainError, match="longer than 1,000"):
        article_submit(user=factchecker, text="The council spent $4 million. " * 100)
    assert Article.objects.count() == 0


def test_a_page_without_article_text_is_refused(factchecker):
    with pytest.raises(DomainError) as err:
        article_submit(user=factchecker, html=b"<html><body><nav>Home | About</nav></body></html>")
    assert err.value.field == "html"
    assert Article.objects.count() == 0


def test_user_without_role_cannot_submit(outsider):
    with pytest.raises(Forbidden):
        article_submit(user=outsider, text="The city spent $4 million on buses.")


def test_nothing_is_enqueued_when_the_transaction_rolls_back(factchecker, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        article_submit(user=factchecker, url="https://example.org/rolled-back")
        raise RuntimeError("the request failed after submitting")
    assert callbacks == [] and Article.objects.count() == 0


def test_a_broker_outage_leaves_the_article_queued_and_the_request_succeeds(
    factchecker, django_capture_on_commit_callbacks, monkeypatch
):
    from claims import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(tasks.ingest_article, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        result = article_submit(user=factchecker, text="The council spent $4 million on buses last year.")
    article = Article.objects.get(pk=result.article.pk)
    assert result.created and article.status == Article.Status.QUEUED


def test_reingest_keeps_reviewed_claims_and_replaces_the_rest(factchecker, django_capture_on_commit_callbacks):
    from claims import services

    result = submit_fixture(FIXTURES / "us-japan-alliance.json", factchecker, django_capture_on_commit_callbacks)
    article = Article.objects.get(pk=result.article.pk)
    before = set(article.claims.values_list("start", "end"))
    taken = services.claim_take(claim=article.claims.first(), user=factchecker)
    with django_capture_on_commit_callbacks(execute=True):
        article_reingest(article=article, user=factchecker)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    assert set(article.claims.values_list("start", "end")) == before
    assert Claim.objects.get(pk=taken.pk).assignee == factchecker  # the reviewed claim is the same row


@pytest.mark.parametrize("threshold, gathered", [(0.0, True), (2.0, False)])
def test_ingested_claims_worth_checking_get_their_evidence_gathered(
    factchecker, settings, django_capture_on_commit_callbacks, threshold, gathered
):
    from evidence.models import FetchRun

    settings.EVIDENCE_PROVIDERS = ["library"]  # no network in tests
    settings.EVIDENCE_AUTO_THRESHOLD = threshold
    with django_capture_on_commit_callbacks(execute=True):
        result = article_submit(user=factchecker, text=(FIXTURES / "us-japan-alliance.txt").read_text())
    claims = list(Claim.objects.filter(article=result.article, duplicate_of__isnull=True))
    assert claims
    with_runs = set(FetchRun.objects.filter(provider="library").values_list("claim_id", flat=True))
    assert with_runs == ({c.pk for c in claims} if gathered else set())
