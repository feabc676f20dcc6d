"""``load_demo --history``: four months of a desk's work, so every report shows something.

Each article is about one topic (the economy, health, housing, transport, crime, schools) and
quotes the people who speak on it: the health minister on nurses, the mayor on the new tram
line. Its claims are plausible for the day they were made (promises point to a later year,
"since" to an earlier one; rates in believable ranges), and its title is the first claim,
cut on a word with an ellipsis. Articles and claims are stored by
:func:`claims.services.history.past_article_store`; everything a person does to them — taking a
claim, drafting, submitting, returning, approving, dismissing — goes through the real services
in :mod:`claims.services`, so the audit trail, verdict versions and revisions are the ones the
workbench itself writes.

Every step runs under :func:`factcheck.clock.frozen_at` set to that step's moment, which the
services and the stamped fields read. Nothing is dated after the real now: articles start at
least an hour ago, and steps that would fall later are not taken, so recent claims are still
open, as on a real desk.

Idempotent: the history's articles carry the content hash prefix ``demo-history-``; when they
exist, nothing is added. The random generator is seeded, so every run makes the same history.
"""

from __future__ import annotations

import random
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from claims import services
from claims.models import Claim, Rating
from claims.selectors.articles import articles_with_hash_prefix_exist
from claims.services import CitationInput
from claims.services.history import PastArticle, PastClaim, past_article_store
from claims.services.synthetic import RATING_WEIGHTS  # the same mix of ratings as the bulk data set
from factcheck import roles
from factcheck.clock import frozen_at
from factcheck.services.users import user_ensure

HASH_PREFIX = "demo-history-"
DAYS = 120
ARTICLES = 64
SEED = 8
TITLE_CHARS = 90

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
SPEAKERS = {
    "pm": ("Maria Lindqvist", "Prime Minister", "Social Democratic Party"),
    "opposition": ("Tom Hargreaves", "Leader of the Opposition", "Conservative Party"),
    "finance": ("Aisha Bello", "Finance Minister", "Social Democratic Party"),
    "mayor": ("Pieter de Wit", "Mayor", "City of Port Hallam"),
    "health": ("Grace Nakamura", "Health Minister", "Social Democratic Party"),
    "shadow_health": ("Daniel Ferreira", "Shadow Health Secretary", "Conservative Party"),
    "retail": ("Sofia Rossi", "Chief Executive", "National Retail Federation"),
    "police": ("James O'Connor", "Spokesperson", "Police Federation"),
    "senator": ("Lena Schmidt", "Senator", "Green Alliance"),
    "union": ("Omar Haddad", "Union General Secretary", "Transport Workers' Union"),
    "education": ("Helen Carter", "Education Minister", "Social Democratic Party"),
    "reform": ("Viktor Novak", "Party Leader", "Reform Now"),
    "bank": ("Ruth Adeyemi", "Governor", "Central Bank"),
    "host": ("Sam Whitfield", "Talk-show host", ""),
}
K = Claim.Kind


@dataclass(frozen=True)
class Template:
    kind: str
    text: str  # fields: {rate} {rise} {share} {count} {small} {pupils} {past} {future}
    speakers: tuple[str, ...]  # keys of SPEAKERS who would say it


# One topic per article; each template names who says such things.
TOPICS: dict[str, tuple[Template, ...]] = {
    "economy": (
        Template(K.STATISTIC, "Unemployment fell to {rate}% last year, the lowest in a decade", ("pm", "finance")),
        Template(K.STATISTIC, "Inflation has averaged {rate}% over the past three years", ("opposition", "bank")),
        Template(K.STATISTIC, "Retail sales fell for {small} months in a row this year", ("retail",)),
        Template(K.COMPARISON, "Our income taxes are lower than in any neighbouring country", ("finance", "pm")),
        Template(K.PROMISE, "We will cut income tax for {count},000 low earners by {future}", ("finance", "pm")),
        Template(K.QUOTE, "This budget is a plan for {count},000 lost jobs", ("opposition", "reform")),
        Template(K.EVENT, "The central bank raised interest rates {small} times in {past}", ("bank", "opposition")),
        Template(K.OPINION, "This is the worst economy since {past}", ("opposition", "host")),
    ),
    "health": (
        Template(K.STATISTIC, "Hospital waiting lists grew by {rise}% in twelve months", ("shadow_health",)),
        Template(K.STATISTIC, "The health budget rose by {count} million this year", ("health", "pm")),
        Template(K.PROMISE, "We will hire {small},000 more nurses by {future}", ("health", "pm")),
        Template(
            K.COMPARISON,
            "Patients wait longer for a hip operation here than anywhere else in Europe",
            ("shadow_health", "opposition"),
        ),
        Template(K.EVENT, "The government closed {small} maternity wards in {past}", ("shadow_health",)),
        Template(K.QUOTE, "No patient will wait more than eighteen weeks for surgery", ("health",)),
        Template(K.OPINION, "The new hospital plan has been a complete success", ("health", "pm")),
    ),
    "housing": (
        Template(K.STATISTIC, "{small},{count} new homes were built in the city last year", ("mayor",)),
        Template(
            K.COMPARISON, "Rents have risen faster here than anywhere else in the country since {past}", ("senator",)
        ),
        Template(K.PROMISE, "Every new development will include {share}% affordable homes by {future}", ("mayor",)),
        Template(K.EVENT, "The council sold {small} plots of public land to developers in {past}", ("senator",)),
        Template(K.OPINION, "Nobody believes the official housing figures any more", ("senator", "host")),
    ),
    "transport": (
        Template(
            K.PROMISE, "The new tram line will cut commuting times by {share}% when it opens in {future}", ("mayor",)
        ),
        Template(K.STATISTIC, "Train fares have gone up by {rise}% since {past}", ("union",)),
        Template(K.EVENT, "The bridge was closed for {small} days after the storm in {past}", ("mayor", "union")),
        Template(K.EVENT, "The council cut {small} bus routes this spring", ("union",)),
        Template(K.QUOTE, "Not one bus driver will lose their job", ("mayor",)),
    ),
    "crime": (
        Template(K.STATISTIC, "Violent crime rose by {rise}% since {past}", ("opposition", "reform")),
        Template(
            K.COMPARISON, "The city now has fewer police officers per resident than in {past}", ("police", "reform")
        ),
        Template(K.EVENT, "Parliament voted down the sentencing bill in {past}", ("reform", "opposition")),
        Template(K.PROMISE, "We will put {count} more officers on the streets by {future}", ("pm",)),
        Template(K.OPINION, "Our streets have never been less safe", ("reform", "host")),
    ),
    "schools": (
        Template(K.PROMISE, "Every school will have a new science lab by {future}", ("education",)),
        Template(K.STATISTIC, "Class sizes have grown to an average of {pupils} pupils", ("senator", "opposition")),
        Template(K.STATISTIC, "Spending per pupil rose by {rise}% since {past}", ("education", "pm")),
        Template(K.QUOTE, "Not a single school will close in this parliament", ("education",)),
        Template(K.OPINION, "The new curriculum is a disaster", ("opposition", "host")),
    ),
}


def title_of(text: str, limit: int = TITLE_CHARS) -> str:
    """``text`` if it fits in ``limit`` characters, else cut after a whole word with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"


def load_demo(command: Any, *, users: dict[str, Any], options: dict[str, Any]) -> None:
    """The ``load_demo`` hook: add the history when ``--history`` is given and it is not there yet."""
    if not options.get("history"):
        return
    if articles_with_hash_prefix_exist(HASH_PREFIX):
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
        return [
            user_ensure(
                username=username, role=role, profile={"first_name": first, "last_name": last}, can_log_in=False
            ).user
            for username, user_role, first, last in REVIEWERS
            if user_role == role
        ]

    def build(self) -> dict[str, int]:
        start = self.now - timedelta(days=DAYS)
        latest = self.now - timedelta(hours=1)  # the newest article's claims still land before now
        for i in range(ARTICLES):
            # Spread over the period, a little denser lately (news picks up; the desk is busier).
            offset = DAYS * (1 - (1 - (i + self.random.random()) / ARTICLES) ** 1.3)
            moment = start + timedelta(days=offset, hours=self.random.uniform(-6, 6))
            self._article(i, min(moment, latest - timedelta(minutes=self.random.randint(0, 300))))
        return self.counts

    def _article(self, index: int, moment: datetime) -> None:
        topic = self.random.choice(sorted(TOPICS))
        templates = self.random.sample(TOPICS[topic], k=min(len(TOPICS[topic]), self.random.randint(3, 5)))
        sentences, claims, position = [], [], 0
        for template in templates:
            text = self._fill(template.text, moment.year)
            speaker = SPEAKERS[self.random.choice(template.speakers)]
            sentence = f"“{text},” {speaker[0]}, {speaker[1].lower()}, said."
            start = position + 1  # after the opening quotation mark
            claims.append(
                PastClaim(
                    text=text,
                    start=start,
                    end=start + len(text),
                    kind=template.kind,
                    checkworthiness=self._worthiness(template.kind),
                    speaker=speaker,
                    at=moment + timedelta(minutes=self.random.randint(2, 20)),
                )
            )
            sentences.append(sentence)
            position += len(sentence) + 1
        first = claims[0]
        _, stored = past_article_store(
            article=PastArticle(
                content_hash=f"{HASH_PREFIX}{index:04d}",
                title=title_of(f"{first.speaker[0]}: {first.text}"),
                outlet=self.random.choice(OUTLETS),
                author=self.random.choice(("Staff reporter", "A. Writer", "J. Doe", "Political desk")),
                text=" ".join(sentences),
                at=moment,
                claims=claims,
            )
        )
        self.counts["articles"] += 1
        for claim, past in zip(stored, claims, strict=True):
            self.counts["claims"] += 1
            self._lifecycle(claim, past.at)

    def _fill(self, template: str, year: int) -> str:
        r = self.random
        return template.format(
            rate=f"{r.uniform(2.5, 9.5):.1f}",
            rise=r.randint(2, 18),
            share=r.choice((10, 15, 20, 25, 30)),
            count=r.randint(12, 95) * 10,
            small=r.randint(2, 9),
            pupils=r.randint(26, 34),
            past=year - r.randint(3, 15),
            future=year + r.randint(1, 5),
        )

    def _worthiness(self, kind: str) -> float:
        low, high = (0.05, 0.4) if kind == Claim.Kind.OPINION else (0.35, 0.98)
        return round(self.random.uniform(low, high), 3)

    def _later(self, moment: datetime, low_hours: float, high_hours: float) -> datetime | None:
        """A moment some hours after ``moment``; None when that is still in the future."""
        later = moment + timedelta(hours=self.random.uniform(low_hours, high_hours))
        return later if later < self.now else None

    def _lifecycle(self, claim: Claim, created: datetime) -> None:
        """Walk one claim through the desk; stops at the first step that would lie in the future."""
        with suppress(_WalkEnds):
            self._walk(claim, _Walk(self, created))

    def _walk(self, claim: Claim, walk: _Walk) -> None:
        roll = self.random.random()
        editor = self.random.choice(self.editors)
        if claim.kind == Claim.Kind.OPINION or roll < 0.14:
            with walk.step(1, 48):
                services.claim_dismiss(claim=claim, user=editor, reason="Opinion or not check-worthy.")
            return
        if roll < 0.24:
            return  # still waiting in the queue
        checker = self.random.choice(self.checkers)
        with walk.step(0.5, 72):
            services.claim_take(claim=claim, user=checker)
        with walk.step(1, 30):
            slug = self.random.choices(list(RATING_WEIGHTS), weights=list(RATING_WEIGHTS.values()))[0]
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
        with walk.step(2, 60):
            verdict = services.verdict_submit(claim=claim, user=checker, expected_version=verdict.version)
        reviewer = self.random.choice([e for e in self.editors if e.pk != checker.pk])
        if self.random.random() < 0.22:
            with walk.step(1, 24):
                verdict = services.verdict_return(
                    claim=claim,
                    user=reviewer,
                    comment="Add the second source and tighten the summary.",
                    expected_version=verdict.version,
                )
            with walk.step(2, 40):
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
        with walk.step(1, 36):
            services.verdict_approve(claim=claim, user=reviewer, expected_version=verdict.version)
        self.counts["published"] += 1


class _WalkEnds(Exception):
    """The next step of a claim's walk would lie in the future: the claim stays where it is."""


class _Walk:
    """The clock of one claim's walk through the desk: each step comes some hours after the last."""

    def __init__(self, history: History, start: datetime) -> None:
        self.history = history
        self.when = start

    def step(self, low_hours: float, high_hours: float) -> AbstractContextManager[datetime]:
        """Run the block some hours after the last step (``frozen_at`` that moment); a moment still in
        the future ends the walk instead (:class:`_WalkEnds`)."""
        when = self.history._later(self.when, low_hours, high_hours)
        if when is None:
            raise _WalkEnds
        self.when = when
        return frozen_at(when)
