"""``load_demo --history``: four months of a desk's work, so every report shows something.

Outlets, speakers, articles and claims of every kind are written directly (ingestion is not what
the history is about); everything a person does to them — taking a claim, drafting, submitting,
returning, approving, dismissing — goes through the real services in :mod:`claims.services`, so
the audit trail, verdict versions and revisions are the ones the workbench itself writes.

The services stamp ``timezone.now()``. To date each step in the past, every step runs under
``unittest.mock.patch("django.utils.timezone.now")`` set to that step's moment (which also covers
``auto_now`` fields). Steps that would fall after the real now are not taken, so recent claims
are still open, as on a real desk.

Idempotent: the history's articles carry the content hash prefix ``demo-history-``; when they
exist, nothing is added. The random generator is seeded, so every run makes the same history.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from claims import services
from claims.models import Article, Claim, Outlet, Rating, Speaker
from claims.services import CitationInput
from factcheck import roles

HASH_PREFIX = "demo-history-"
DAYS = 120
ARTICLES = 64
SEED = 8

REVIEWERS = (
    # username, role, first name, last name
    ("amira", roles.FACT_CHECKER, "Amira", "Haddad"),
    ("ben", roles.FACT_CHECKER, "Ben", "Okafor"),
    ("chloe", roles.FACT_CHECKER, "Chloé", "Martin"),
    ("dana", roles.EDITOR, "Dana", "Kovač"),
)
OUTLETS = (
    ("The Daily Ledger", "dailyledger.example"),
    ("Morning Post", "morningpost.example"),
    ("Coastal Herald", "coastalherald.example"),
    ("Metro Radio", "metroradio.example"),
    ("Capital Wire", "capitalwire.example"),
    ("Northern Tribune", "northerntribune.example"),
)
SPEAKERS = (
    ("Maria Lindqvist", "Prime Minister", "Social Democratic Party"),
    ("Tom Hargreaves", "Leader of the Opposition", "Conservative Party"),
    ("Aisha Bello", "Finance Minister", "Social Democratic Party"),
    ("Pieter de Wit", "Mayor", "City of Port Hallam"),
    ("Grace Nakamura", "Health Minister", "Social Democratic Party"),
    ("Daniel Ferreira", "Shadow Health Secretary", "Conservative Party"),
    ("Sofia Rossi", "Chief Executive", "National Retail Federation"),
    ("James O'Connor", "Spokesperson", "Police Federation"),
    ("Lena Schmidt", "Senator", "Green Alliance"),
    ("Omar Haddad", "Union General Secretary", "Transport Workers' Union"),
    ("Helen Carter", "Education Minister", "Social Democratic Party"),
    ("Viktor Novak", "Party Leader", "Reform Now"),
    ("Ruth Adeyemi", "Governor", "Central Bank"),
    ("Sam Whitfield", "Talk-show host", ""),
)
# Claim templates per kind; {n} is a number, {p} a percentage, {y} a year.
CLAIMS = {
    Claim.Kind.STATISTIC: (
        "Unemployment fell to {p}% last year, the lowest in a decade",
        "The government spent {n} million on road repairs in {y}",
        "Violent crime rose by {p}% since {y}",
        "{n},000 new homes were built last year",
        "Hospital waiting lists grew by {p}% in twelve months",
        "Inflation has averaged {p}% over the past three years",
    ),
    Claim.Kind.QUOTE: (
        "The minister said in {y} that the tax would never be raised",
        "The opposition leader called the budget 'a plan for {n} lost jobs'",
        "The report quotes the auditor as saying the books were balanced in {y}",
    ),
    Claim.Kind.PROMISE: (
        "We will hire {n},000 more nurses by {y}",
        "Every school will have a new science lab by {y}",
        "The new line will cut commuting times by {p}% when it opens in {y}",
    ),
    Claim.Kind.COMPARISON: (
        "Our taxes are {p}% lower than in any neighbouring country",
        "Rents have risen faster here than anywhere else in Europe since {y}",
        "The city now has more police officers per resident than in {y}",
    ),
    Claim.Kind.EVENT: (
        "The bridge was closed for {n} days after the storm in {y}",
        "The factory laid off {n} workers in March",
        "Parliament voted down the climate bill in {y}",
    ),
    Claim.Kind.OPINION: (
        "This is the worst economy since {y}",
        "Nobody believes the official figures any more",
        "The policy has been a complete success",
    ),
}
KIND_WEIGHTS = {
    Claim.Kind.STATISTIC: 9,
    Claim.Kind.QUOTE: 3,
    Claim.Kind.PROMISE: 3,
    Claim.Kind.COMPARISON: 4,
    Claim.Kind.EVENT: 3,
    Claim.Kind.OPINION: 2,
}
RATING_WEIGHTS = {
    "true": 14,
    "mostly-true": 16,
    "half-true": 18,
    "mostly-false": 16,
    "false": 20,
    "misleading": 10,
    "unverifiable": 6,
}


@contextmanager
def clock(moment: datetime) -> Iterator[None]:
    """Run the block as if it were ``moment``: services and ``auto_now`` fields read this time."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def load_demo(command: Any, *, users: dict[str, Any], options: dict[str, Any]) -> None:
    """The ``load_demo`` hook: add the history when ``--history`` is given and it is not there yet."""
    if not options.get("history"):
        return
    if Article.objects.filter(content_hash__startswith=HASH_PREFIX).exists():
        command.stdout.write("Demo history already there; nothing added.")
        return
    with transaction.atomic():
        summary = History(users=users, now=timezone.now()).build()
    command.stdout.write(
        f"Demo history: {summary['articles']} articles, {summary['claims']} claims, "
        f"{summary['published']} published verdicts over {DAYS} days."
    )


class History:
    """Builds the history; one instance per run."""

    def __init__(self, *, users: dict[str, Any], now: datetime) -> None:
        self.now = now
        self.random = random.Random(SEED)
        self.checkers = [users["factchecker"], *self._reviewers(roles.FACT_CHECKER)]
        self.editors = [users["editor"], *self._reviewers(roles.EDITOR)]
        self.ratings = {r.slug: r for r in Rating.objects.filter(slug__in=RATING_WEIGHTS)}
        self.counts = {"articles": 0, "claims": 0, "published": 0}

    def _reviewers(self, role: str) -> list[Any]:
        User = get_user_model()
        out = []
        for username, user_role, first, last in REVIEWERS:
            if user_role != role:
                continue
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
            )
            if created:
                # Demo colleagues whose work fills the reports; nobody logs in as them.
                user.set_unusable_password()
                user.save()
            user.groups.add(Group.objects.get(name=role))
            out.append(user)
        return out

    def build(self) -> dict[str, int]:
        outlets = [Outlet.objects.get_or_create(name=name, defaults={"domain": domain})[0] for name, domain in OUTLETS]
        speakers = [
            Speaker.objects.get_or_create(name=name, defaults={"title": title, "affiliation": affiliation})[0]
            for name, title, affiliation in SPEAKERS
        ]
        start = self.now - timedelta(days=DAYS)
        for i in range(ARTICLES):
            # Spread over the period, a little denser lately (news picks up; the desk is busier).
            offset = DAYS * (1 - (1 - (i + self.random.random()) / ARTICLES) ** 1.3)
            moment = start + timedelta(days=offset, hours=self.random.uniform(6, 20))
            self._article(i, moment, self.random.choice(outlets), speakers)
        return self.counts

    def _article(self, index: int, moment: datetime, outlet: Outlet, speakers: list[Speaker]) -> None:
        picked = [self._claim_text() for _ in range(self.random.randint(3, 7))]
        speaker_of = [self.random.choice(speakers) for _ in picked]
        sentences = [f"{text}, {speaker.name} said." for (_, text), speaker in zip(picked, speaker_of, strict=True)]
        body = " ".join(sentences)
        with clock(moment):
            article = Article.objects.create(
                source=Article.Source.TEXT,
                title=f"{speaker_of[0].name}: {picked[0][1][:60]}",
                outlet=outlet,
                author=self.random.choice(("Staff reporter", "A. Writer", "J. Doe", "Political desk")),
                published=moment.date(),
                text=body,
                raw=body,
                status=Article.Status.DONE,
                content_hash=f"{HASH_PREFIX}{index:04d}",
            )
        self.counts["articles"] += 1
        position = 0
        for (kind, text), speaker, sentence in zip(picked, speaker_of, sentences, strict=True):
            created = moment + timedelta(minutes=self.random.randint(2, 20))
            with clock(created):
                claim = Claim.objects.create(
                    article=article,
                    text=text,
                    start=position,
                    end=position + len(text),
                    speaker=speaker,
                    kind=kind,
                    checkworthiness=round(
                        self.random.uniform(0.35, 0.98)
                        if kind != Claim.Kind.OPINION
                        else self.random.uniform(0.05, 0.4),
                        3,
                    ),
                )
            position += len(sentence) + 1
            self.counts["claims"] += 1
            self._lifecycle(claim, created)

    def _claim_text(self) -> tuple[str, str]:
        kinds = list(KIND_WEIGHTS)
        kind = self.random.choices(kinds, weights=[KIND_WEIGHTS[k] for k in kinds])[0]
        template = self.random.choice(CLAIMS[kind])
        text = template.format(
            n=self.random.randint(2, 950), p=self.random.randint(2, 45), y=self.random.randint(2008, 2024)
        )
        return kind, text

    def _later(self, moment: datetime, low_hours: float, high_hours: float) -> datetime | None:
        """A moment some hours after ``moment``; None when that is still in the future."""
        later = moment + timedelta(hours=self.random.uniform(low_hours, high_hours))
        return later if later < self.now else None

    def _lifecycle(self, claim: Claim, created: datetime) -> None:
        """Walk one claim through the desk; stops at the first step that would lie in the future."""
        roll = self.random.random()
        editor = self.random.choice(self.editors)
        if claim.kind == Claim.Kind.OPINION or roll < 0.14:
            if when := self._later(created, 1, 48):
                with clock(when):
                    services.claim_dismiss(claim=claim, user=editor, reason="Opinion or not check-worthy.")
            return
        if roll < 0.24:
            return  # still waiting in the queue
        checker = self.random.choice(self.checkers)
        if not (when := self._later(created, 0.5, 72)):
            return
        with clock(when):
            services.claim_take(claim=claim, user=checker)
        if not (when := self._later(when, 1, 30)):
            return
        slug = self.random.choices(list(RATING_WEIGHTS), weights=list(RATING_WEIGHTS.values()))[0]
        with clock(when):
            verdict = services.verdict_save_draft(
                claim=claim,
                user=checker,
                rating=self.ratings[slug],
                summary=f"{self.ratings[slug].name}: what the record shows.",
                explanation="The official statistics and the original documents were compared with the claim.",
                citations=[CitationInput(url=f"https://records.example/{claim.pk}", title="Official record")],
            )
        if roll < 0.30:
            return  # a draft on someone's desk
        if not (when := self._later(when, 2, 60)):
            return
        with clock(when):
            verdict = services.verdict_submit(claim=claim, user=checker, expected_version=verdict.version)
        reviewer = self.random.choice([e for e in self.editors if e.pk != checker.pk])
        if self.random.random() < 0.22:
            if not (when := self._later(when, 1, 24)):
                return
            with clock(when):
                verdict = services.verdict_return(
                    claim=claim,
                    user=reviewer,
                    comment="Add the second source and tighten the summary.",
                    expected_version=verdict.version,
                )
            if not (when := self._later(when, 2, 40)):
                return
            with clock(when):
                verdict = services.verdict_save_draft(
                    claim=claim,
                    user=checker,
                    rating=verdict.rating,
                    summary=verdict.summary,
                    explanation=verdict.explanation + " A second source confirms it.",
                    citations=[
                        CitationInput(url=f"https://records.example/{claim.pk}", title="Official record"),
                        CitationInput(url=f"https://archive.example/{claim.pk}", title="Archive copy"),
                    ],
                    expected_version=verdict.version,
                )
                verdict = services.verdict_submit(claim=claim, user=checker, expected_version=verdict.version)
        if not (when := self._later(when, 1, 36)):
            return
        with clock(when):
            services.verdict_approve(claim=claim, user=reviewer, expected_version=verdict.version)
        self.counts["published"] += 1
