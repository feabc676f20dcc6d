"""A small desk with hand-known timings, built through the real services under a fixed clock.

Week of Monday 2 March 2026 (UTC). Hours are from 00:00 on 2 March.

| claim | speaker | outlet | kind      | story                                                            |
|-------|---------|--------|-----------|------------------------------------------------------------------|
| c1    | Ana     | Ledger | statistic | created h0, taken h1, submitted h10, approved h24 — False        |
| c2    | Ana     | Post   | quote     | created h0, taken h2, submitted h48, returned h50, resubmitted   |
|       |         |        |           | h72, approved h78 — True                                          |
| c3    | Ben     | Ledger | statistic | created h24, taken h30, submitted h72, approved h100 — False     |
| c4    | Ben     | Ledger | opinion   | created h24, dismissed h25                                        |
| c5    | Ben     | Post   | event     | created h48, taken by fc2 h49, draft                              |
| c6    | Ana     | Post   | promise   | created h48, new                                                  |
| c7    | Ana     | Ledger | statistic | created h49, taken h50, submitted h60 (awaiting review)           |

Hand-computed: creation → publication 24, 78, 76 h (median 76, p90 76 + 0.8·2 = 77.6);
submission → approval 14, 6, 28 h (median 14, p90 14 + 0.8·14 = 25.2); returns 1 of 4 editor
decisions (25 %); fc's working time (taken → last submission) 9, 70, 42 h (median 42).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from claims import services
from claims.models import Claim
from claims.services import CitationInput
from factcheck.clock import frozen_at as clock
from tests.api.conftest import client_for  # noqa: F401 - the token client, for the report API tests
from tests.factories import ArticleFactory, ClaimFactory, OutletFactory, SpeakerFactory, rating

T0 = datetime(2026, 3, 2, tzinfo=UTC)
PERIOD = {"from": "2026-03-02", "to": "2026-03-08"}


@pytest.fixture(autouse=True)
def _plain_static_files(settings: Any) -> None:
    # Tests run with DEBUG off, whose manifest storage needs collectstatic; pages only need URLs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


@dataclass
class Desk:
    claims: dict[str, Claim]
    speakers: dict[str, Any]
    outlets: dict[str, Any]
    users: dict[str, Any]


def save_draft(claim: Claim, user: Any, slug: str, version: int | None = None) -> Any:
    """A draft rated ``slug`` with one citation, saved through the service (at the clock's moment)."""
    return services.verdict_save_draft(
        claim=claim,
        user=user,
        expected_version=version,
        rating=rating(slug),
        summary=f"{slug} summary",
        explanation="Because.",
        citations=[CitationInput(url=f"https://records.example/{claim.pk}", title="Record")],
    )


def _draft(claim: Claim, user: Any, slug: str, hours: float) -> Any:
    with clock(at(hours)):
        return save_draft(claim, user, slug)


@pytest.fixture
def desk(db: Any, factchecker: Any, factchecker2: Any, editor: Any) -> Desk:
    outlets = {"Ledger": OutletFactory(name="Ledger"), "Post": OutletFactory(name="Post")}
    speakers = {"Ana": SpeakerFactory(name="Ana"), "Ben": SpeakerFactory(name="Ben")}
    articles = {name: ArticleFactory(outlet=outlet) for name, outlet in outlets.items()}

    def claim(speaker: str, outlet: str, kind: str, hours: float) -> Claim:
        with clock(at(hours)):
            return ClaimFactory(speaker=speakers[speaker], article=articles[outlet], kind=kind)

    c = {
        "c1": claim("Ana", "Ledger", Claim.Kind.STATISTIC, 0),
        "c2": claim("Ana", "Post", Claim.Kind.QUOTE, 0),
        "c3": claim("Ben", "Ledger", Claim.Kind.STATISTIC, 24),
        "c4": claim("Ben", "Ledger", Claim.Kind.OPINION, 24),
        "c5": claim("Ben", "Post", Claim.Kind.EVENT, 48),
        "c6": claim("Ana", "Post", Claim.Kind.PROMISE, 48),
        "c7": claim("Ana", "Ledger", Claim.Kind.STATISTIC, 49),
    }

    def take(name: str, user: Any, hours: float) -> None:
        with clock(at(hours)):
            services.claim_take(claim=c[name], user=user)

    def submit(name: str, hours: float) -> None:
        with clock(at(hours)):
            services.verdict_submit(claim=c[name], user=factchecker)

    def approve(name: str, hours: float) -> None:
        with clock(at(hours)):
            services.verdict_approve(claim=c[name], user=editor)

    take("c1", factchecker, 1)
    _draft(c["c1"], factchecker, "false", 5)
    submit("c1", 10)
    approve("c1", 24)

    take("c2", factchecker, 2)
    _draft(c["c2"], factchecker, "true", 40)
    submit("c2", 48)
    with clock(at(50)):
        services.verdict_return(claim=c["c2"], user=editor, comment="Second source, please.")
    submit("c2", 72)
    approve("c2", 78)

    take("c3", factchecker, 30)
    _draft(c["c3"], factchecker, "false", 60)
    submit("c3", 72)
    approve("c3", 100)

    with clock(at(25)):
        services.claim_dismiss(claim=c["c4"], user=editor, reason="Opinion.")

    take("c5", factchecker2, 49)
    _draft(c["c5"], factchecker2, "half-true", 55)

    take("c7", factchecker, 50)
    _draft(c["c7"], factchecker, "mostly-false", 55)
    submit("c7", 60)

    for claim_ in c.values():
        claim_.refresh_from_db()
    return Desk(c, speakers, outlets, {"fc": factchecker, "fc2": factchecker2, "ed": editor})


def build_more(desk: Desk) -> None:
    """More of everything in the same week (for query counts that must not grow with the rows)."""
    fc, editor = desk.users["fc"], desk.users["ed"]
    for i, slug in enumerate(("misleading", "mostly-true", "unverifiable", "half-true")):
        speaker = SpeakerFactory(name=f"Extra speaker {i}")
        article = ArticleFactory(outlet=OutletFactory(name=f"Extra outlet {i}"))
        article_claims = []
        for _ in range(3):
            with clock(at(3 + i)):
                article_claims.append(ClaimFactory(speaker=speaker, article=article, kind=Claim.Kind.COMPARISON))
        # Same article as c1 too, so the article report grows.
        with clock(at(3 + i)):
            article_claims.append(ClaimFactory(speaker=speaker, article=desk.claims["c1"].article))
        with clock(at(3 + i)):
            article_claims.append(ClaimFactory(speaker=desk.speakers["Ana"], article=article))
        for k, claim_ in enumerate(article_claims):
            with clock(at(4 + i)):
                services.claim_take(claim=claim_, user=fc)
            _draft(claim_, fc, slug, 5 + i)
            with clock(at(6 + i)):
                services.verdict_submit(claim=claim_, user=fc)
            if k % 2 == 0:
                with clock(at(8 + i)):
                    services.verdict_approve(claim=claim_, user=editor)
