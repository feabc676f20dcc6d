"""A large, internally consistent data set for benchmarks: the service behind ``manage.py generate_data``.

What it writes, over ``--days`` up to now:

* outlets, speakers (a few are quoted far more often than the rest), reviewers and editors
  (``gen-…`` users without a usable password, in the fact-checker and editor groups);
* articles with about eight claims each, of every kind;
* ``--verdicts`` claims walked through the desk: taken, drafted, submitted, sometimes returned
  and resubmitted, approved — with a verdict, one revision per version, a citation, and the
  audit events the services would write (same actions, object types and before/after shapes);
* some claims taken with no draft yet, about one in seven dismissed by an editor, the rest new.

Steps that would fall after now are not taken, so recent claims are still open. The rows are
written in bulk here, not one by one through the workflow services (that would take hours at
this size), with the same events those services write: on
PostgreSQL with ``COPY … FROM STDIN`` (psycopg 3), elsewhere with batched ``executemany``
inserts. Ids are allocated here, so rows can refer to each other without reading back; the
sequences are moved past them at the end and the tables are analysed for the planner.

Every run adds a new data set beside what is there (names carry the run's tag).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Max

from claims.models import Article, Citation, Claim, Outlet, Rating, Speaker, Verdict, VerdictRevision
from factcheck import clock, roles
from factcheck.models import ReviewEvent
from factcheck.services.users import user_ensure

HOUR = timedelta(hours=1)
KIND_WEIGHTS = {"statistic": 40, "quote": 12, "promise": 12, "comparison": 14, "event": 12, "opinion": 10}
RATING_WEIGHTS = {
    "true": 14,
    "mostly-true": 16,
    "half-true": 18,
    "mostly-false": 16,
    "false": 20,
    "misleading": 10,
    "unverifiable": 6,
}
# Final state of a verdict, before steps in the future are cut off.
VERDICT_FATE = {"published": 75, "submitted": 8, "returned": 5, "draft": 12}
RETURNED_BEFORE_PUBLISHING = 0.18
DISMISSED_SHARE = 0.14
TAKEN_WITHOUT_DRAFT_SHARE = 0.02
TEXTS = {
    "statistic": "Unemployment fell to {n}% last year",
    "quote": "The minister said the tax would never be raised, in {y}",
    "promise": "We will build {n},000 new homes by {y}",
    "comparison": "Rents rose faster here than anywhere else since {y}",
    "event": "The plant laid off {n} workers in March {y}",
    "opinion": "This is the worst economy since {y}",
}


class Writer:
    """Writes rows (tuples in a given column order) fast, and fills the other columns with their defaults."""

    def __init__(self, write: Callable[[str], None], batch: int) -> None:
        self.report = write
        self.batch = batch
        self.postgres = connection.vendor == "postgresql"
        self.written: dict[type[models.Model], int] = {}

    def write(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        rest = [name for name in fields if name not in columns]
        filler = tuple(self._default(fields[name]) for name in rest)
        names = [*columns, *rest]
        full = (row + filler for row in rows)
        started = time.perf_counter()
        table = connection.ops.quote_name(model._meta.db_table)
        column_sql = ", ".join(connection.ops.quote_name(str(fields[n].column)) for n in names)
        count = self._copy(table, column_sql, full) if self.postgres else self._insert(table, column_sql, names, full)
        seconds = time.perf_counter() - started
        self.written[model] = self.written.get(model, 0) + count
        rate = count / max(seconds, 1e-9)
        table = model._meta.db_table
        self.report(f"  {table:<24} {count:>10,} rows in {seconds:6.1f} s ({rate:>9,.0f}/s)")
        return count

    @staticmethod
    def _default(field: models.Field[Any, Any]) -> Any:
        value = field.get_default()
        if value is None and not field.null:
            raise RuntimeError(f"generate_data does not know what to put in {field.model.__name__}.{field.name}.")
        return json.dumps(value) if isinstance(field, models.JSONField) else value

    def _copy(self, table: str, column_sql: str, rows: Iterator[tuple[Any, ...]]) -> int:
        count = 0
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def _insert(self, table: str, column_sql: str, names: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
        placeholders = ", ".join(["%s"] * len(names))
        sql = f"INSERT INTO {table} ({column_sql}) VALUES ({placeholders})"  # noqa: S608 - quoted names only
        adapt = connection.ops.adapt_datetimefield_value
        count = 0
        with connection.cursor() as cursor:
            while True:
                chunk = [
                    tuple(adapt(v) if isinstance(v, datetime) else v for v in row)
                    for _, row in zip(range(self.batch), rows, strict=False)
                ]
                if not chunk:
                    return count
                cursor.executemany(sql, chunk)
                count += len(chunk)

    def finish(self) -> None:
        """Move every id sequence past the ids written here, and refresh the planner's statistics."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for model in self.written:
                table = model._meta.db_table
                quoted = connection.ops.quote_name(table)
                max_id = f"SELECT MAX(id) FROM {quoted}"  # noqa: S608 - a quoted table name of our own models
                cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), ({max_id}))", [table])
                cursor.execute(f"ANALYZE {quoted}")


def next_id(model: type[models.Model]) -> int:
    return int(model._default_manager.aggregate(m=Max("id"))["m"] or 0) + 1


@dataclass
class Plan:
    """What happens to one claim that a reviewer took: the moments of each step."""

    claim_id: int
    article_id: int
    author: int
    taken: datetime
    drafted: datetime | None = None
    submissions: tuple[datetime, ...] = ()
    returned: datetime | None = None
    redrafted: datetime | None = None
    editor: int | None = None
    published: datetime | None = None
    rating: int | None = None

    @property
    def claim_status(self) -> str:
        if self.published:
            return "published"
        if self.submissions and not (self.returned and len(self.submissions) == 1):
            return "submitted"
        return "in_progress"

    @property
    def last_step(self) -> datetime:
        return max(
            t
            for t in (self.taken, self.drafted, *self.submissions, self.returned, self.redrafted, self.published)
            if t is not None
        )


def synthetic_data_generate(*, options: Mapping[str, Any], report: Callable[[str], None]) -> int:
    """Write one data set (``options``: the command's arguments) in one transaction; return the rows written."""
    generator = Generator(random.Random(options["seed"]), report)
    writer = Writer(report, options["batch"])
    with transaction.atomic():
        generator.run(writer, options)
        writer.finish()
    return sum(writer.written.values())


class Generator:
    """One run: its random generator, its moment (now), its tag, and what it has planned so far."""

    def __init__(self, rng: random.Random, write: Callable[[str], None]) -> None:
        self.rng = rng
        self.write = write
        self.now = clock.now()
        self.tag = f"{int(time.time()):x}"

    # --- people, outlets, speakers ----------------------------------------------------------

    def _users(self, prefix: str, role: str, count: int) -> list[int]:
        return [
            user_ensure(username=f"gen-{prefix}-{i:03d}", role=role, can_log_in=False).user.pk for i in range(count)
        ]

    def run(self, writer: Writer, o: Mapping[str, Any]) -> None:
        rng, now, tag = self.rng, self.now, self.tag
        self.write(f"Run {tag}: {o['claims']:,} claims, {o['verdicts']:,} verdicts over {o['days']} days")
        self.reviewers = self._users("fc", roles.FACT_CHECKER, o["reviewers"])
        self.editors = self._users("ed", roles.EDITOR, o["editors"])
        ratings = dict(Rating.objects.filter(slug__in=RATING_WEIGHTS).values_list("slug", "id"))
        self.rating_ids = [ratings[s] for s in RATING_WEIGHTS]
        self.rating_cum = list(accumulate(RATING_WEIGHTS.values()))
        self.rating_slug = {v: k for k, v in ratings.items()}

        first_outlet = next_id(Outlet)
        writer.write(
            Outlet,
            ["id", "name", "domain", "created_at"],
            ((first_outlet + i, f"Outlet {tag}-{i}", f"outlet-{tag}-{i}.example", now) for i in range(o["outlets"])),
        )
        outlet_ids = list(range(first_outlet, first_outlet + o["outlets"]))
        first_speaker = next_id(Speaker)
        writer.write(
            Speaker,
            ["id", "name", "title", "affiliation", "created_at"],
            (
                (
                    first_speaker + i,
                    f"Speaker {tag}-{i}",
                    rng.choice(("Minister", "MP", "Mayor", "CEO", "")),
                    f"Party {i % 7}",
                    now,
                )
                for i in range(o["speakers"])
            ),
        )
        speaker_ids = list(range(first_speaker, first_speaker + o["speakers"]))
        # Zipf-like: the most quoted speakers account for a large share of claims.
        speaker_cum = list(accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(speaker_ids))))
        outlet_cum = list(accumulate(1 / (rank + 1) ** 0.6 for rank in range(len(outlet_ids))))

        n_articles = max(1, -(-o["claims"] // o["claims_per_article"]))
        first_article = next_id(Article)
        span = o["days"] * 86400
        start = now - timedelta(seconds=span)
        article_times = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(n_articles))
        article_outlets = rng.choices(outlet_ids, cum_weights=outlet_cum, k=n_articles)
        writer.write(
            Article,
            [
                "id",
                "source",
                "content_hash",
                "outlet_id",
                "title",
                "author",
                "published",
                "text",
                "status",
                "status_changed_at",
                "created_at",
                "updated_at",
            ],
            (
                (
                    first_article + i,
                    "text",
                    f"gen-{tag}-{i}",
                    article_outlets[i],
                    f"Generated article {tag}-{i}",
                    "Staff reporter",
                    t.date(),
                    "Generated for benchmarks.",
                    "done",
                    t,
                    t,
                    t,
                )
                for i, t in enumerate(article_times)
            ),
        )

        first_claim = next_id(Claim)
        n = o["claims"]
        with_verdict = set(rng.sample(range(n), o["verdicts"]))
        self.plans: list[Plan] = []
        self.dismissed: list[tuple[int, int, datetime, int]] = []
        claim_speakers = rng.choices(speaker_ids, cum_weights=speaker_cum, k=n)
        kinds = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=n)
        writer.write(
            Claim,
            [
                "id",
                "article_id",
                "text",
                "start",
                "end",
                "speaker_id",
                "kind",
                "checkworthiness",
                "status",
                "assignee_id",
                "assigned_at",
                "dismiss_reason",
                "created_at",
                "updated_at",
            ],
            self._claim_rows(
                first_claim,
                first_article,
                n,
                o["claims_per_article"],
                article_times,
                with_verdict,
                claim_speakers,
                kinds,
            ),
        )
        self._write_verdicts(writer)
        self._write_events(writer)

    # --- claims and their fate ----------------------------------------------------------------

    def _claim_rows(
        self,
        first_claim: int,
        first_article: int,
        n: int,
        per_article: int,
        article_times: list[datetime],
        with_verdict: set[int],
        speakers: list[int],
        kinds: list[str],
    ) -> Iterator[tuple[Any, ...]]:
        rng, now = self.rng, self.now
        for i in range(n):
            article = i // per_article
            position = i % per_article
            created = min(article_times[article] + timedelta(minutes=2 + position), now)
            kind = kinds[i]
            text = TEXTS[kind].format(n=rng.randint(2, 950), y=rng.randint(2008, 2025))
            claim_id = first_claim + i
            article_id = first_article + article
            score = round(rng.uniform(0.05, 0.4) if kind == "opinion" else rng.uniform(0.3, 0.99), 3)
            status, assignee, assigned, reason, updated = "new", None, None, "", created
            latest = now - timedelta(minutes=1)
            if i in with_verdict:
                plan = self._plan(claim_id, article_id, created, latest)
                self.plans.append(plan)
                status, assignee, assigned, updated = plan.claim_status, plan.author, plan.taken, plan.last_step
            elif rng.random() < TAKEN_WITHOUT_DRAFT_SHARE and created < latest:
                taken = min(created + HOUR * rng.uniform(0.5, 72), latest)
                self.plans.append(Plan(claim_id, article_id, rng.choice(self.reviewers), taken))
                status, assignee, assigned, updated = "in_progress", self.plans[-1].author, taken, taken
            elif (kind == "opinion" or rng.random() < DISMISSED_SHARE) and created < latest:
                when = min(created + HOUR * rng.uniform(1, 48), latest)
                self.dismissed.append((claim_id, article_id, when, rng.choice(self.editors)))
                status, reason, updated = "dismissed", "Not check-worthy.", when
            yield (
                claim_id,
                article_id,
                text,
                position * 100,
                position * 100 + len(text),
                speakers[i],
                kind,
                score,
                status,
                assignee,
                assigned,
                reason,
                created,
                updated,
            )

    def _plan(self, claim_id: int, article_id: int, created: datetime, latest: datetime) -> Plan:
        """A claim's steps; a verdict always exists (drafted), later steps stop at the first in the future."""
        rng = self.rng
        # Reviewers differ in how much they take on.
        author = self.reviewers[min(int(rng.expovariate(1 / 8)), len(self.reviewers) - 1)]
        taken = max(created, min(created + HOUR * rng.uniform(0.5, 72), latest))
        drafted = max(taken, min(taken + HOUR * rng.uniform(1, 30), latest))
        plan = Plan(
            claim_id,
            article_id,
            author,
            taken,
            drafted,
            rating=rng.choices(self.rating_ids, cum_weights=self.rating_cum)[0],
        )
        fate = rng.choices(list(VERDICT_FATE), weights=list(VERDICT_FATE.values()))[0]
        if fate == "draft" or (submitted := drafted + HOUR * rng.uniform(2, 60)) > latest:
            return plan
        plan.submissions = (submitted,)
        plan.editor = rng.choice(self.editors)
        if fate == "submitted":
            return plan
        if fate == "returned" or rng.random() < RETURNED_BEFORE_PUBLISHING:
            if (returned := submitted + HOUR * rng.uniform(1, 24)) > latest:
                return plan
            plan.returned = returned
            if fate == "returned" or (redrafted := returned + HOUR * rng.uniform(2, 40)) > latest:
                return plan
            plan.redrafted = redrafted
            if (resubmitted := redrafted + HOUR * rng.uniform(0.1, 2)) > latest:
                return plan
            plan.submissions = (submitted, resubmitted)
        if (published := plan.submissions[-1] + HOUR * rng.uniform(1, 36)) <= latest:
            plan.published = published
        return plan

    # --- verdicts, revisions, citations, events ---------------------------------------------

    def _versions(self, plan: Plan) -> list[tuple[str, str, datetime, int]]:
        """(action, verdict status after, when, actor) for each version, in order, as the services write them."""
        steps: list[tuple[str, str, datetime | None, int | None]] = [
            ("verdict.drafted", "draft", plan.drafted, plan.author)
        ]
        if plan.submissions:
            steps.append(("verdict.submitted", "submitted", plan.submissions[0], plan.author))
        if plan.returned:
            steps.append(("verdict.returned", "returned", plan.returned, plan.editor))
        if plan.redrafted:
            steps.append(("verdict.saved", "draft", plan.redrafted, plan.author))
        if len(plan.submissions) > 1:
            steps.append(("verdict.submitted", "submitted", plan.submissions[1], plan.author))
        if plan.published:
            steps.append(("verdict.published", "published", plan.published, plan.editor))
        return [(a, s, w, u) for a, s, w, u in steps if w is not None and u is not None]  # both set, always

    def _write_verdicts(self, writer: Writer) -> None:
        drafted = [p for p in self.plans if p.drafted]
        first = next_id(Verdict)
        self.verdict_ids = {p.claim_id: first + i for i, p in enumerate(drafted)}
        summary = "What the record shows."
        explanation = "The official statistics were compared with the claim."

        def verdicts() -> Iterator[tuple[Any, ...]]:
            for p in drafted:
                versions = self._versions(p)
                status = versions[-1][1]
                yield (
                    self.verdict_ids[p.claim_id],
                    p.claim_id,
                    p.rating,
                    summary,
                    explanation,
                    status,
                    len(versions),
                    p.author,
                    p.editor if (p.returned or p.published) else None,
                    "Add a second source." if status == "returned" else "",
                    p.submissions[-1] if p.submissions else None,
                    p.published,
                    p.drafted,
                    p.last_step,
                )

        writer.write(
            Verdict,
            [
                "id",
                "claim_id",
                "rating_id",
                "summary",
                "explanation",
                "status",
                "version",
                "author_id",
                "editor_id",
                "return_comment",
                "submitted_at",
                "published_at",
                "created_at",
                "updated_at",
            ],
            verdicts(),
        )
        citation = [{"evidence": None, "url": "https://records.example/", "title": "Official record", "note": ""}]
        cited = json.dumps(citation)

        def revisions() -> Iterator[tuple[Any, ...]]:
            for p in drafted:
                vid = self.verdict_ids[p.claim_id]
                for version, (_, status, when, actor) in enumerate(self._versions(p), start=1):
                    yield (vid, version, status, p.rating, summary, explanation, cited, actor, when)

        first_revision = next_id(VerdictRevision)
        writer.write(
            VerdictRevision,
            [
                "id",
                "verdict_id",
                "version",
                "status",
                "rating_id",
                "summary",
                "explanation",
                "citations",
                "changed_by_id",
                "created_at",
            ],
            ((first_revision + i, *row) for i, row in enumerate(revisions())),
        )
        first_citation = next_id(Citation)
        writer.write(
            Citation,
            ["id", "verdict_id", "url", "title"],
            (
                (
                    first_citation + i,
                    self.verdict_ids[p.claim_id],
                    f"https://records.example/{p.claim_id}",
                    "Official record",
                )
                for i, p in enumerate(drafted)
            ),
        )

    def _write_events(self, writer: Writer) -> None:
        def claim_state(status: str, assignee: int | None) -> str:
            return json.dumps({"status": status, "assignee": assignee})

        def events() -> Iterator[tuple[Any, ...]]:
            for p in self.plans:
                yield (
                    p.author,
                    "claim.taken",
                    "claim",
                    p.claim_id,
                    p.article_id,
                    p.claim_id,
                    claim_state("new", None),
                    claim_state("in_progress", p.author),
                    "",
                    p.taken,
                )
                if p.claim_id not in self.verdict_ids:
                    continue
                vid = self.verdict_ids[p.claim_id]
                before: dict[str, Any] = {}
                slug = self.rating_slug.get(p.rating) if p.rating else None
                for version, (action, status, when, actor) in enumerate(self._versions(p), start=1):
                    after = {"status": status, "version": version, "rating": slug, "summary": "What the record shows."}
                    note = "Add a second source." if action == "verdict.returned" else ""
                    yield (
                        actor,
                        action,
                        "verdict",
                        vid,
                        None,
                        p.claim_id,
                        json.dumps(before),
                        json.dumps(after),
                        note,
                        when,
                    )
                    before = after
            for claim_id, article_id, when, editor in self.dismissed:
                yield (
                    editor,
                    "claim.dismissed",
                    "claim",
                    claim_id,
                    article_id,
                    claim_id,
                    claim_state("new", None),
                    claim_state("dismissed", None),
                    "Not check-worthy.",
                    when,
                )

        first = next_id(ReviewEvent)
        writer.write(
            ReviewEvent,
            [
                "id",
                "actor_id",
                "action",
                "object_type",
                "object_id",
                "article_id",
                "claim_id",
                "before",
                "after",
                "note",
                "created_at",
            ],
            ((first + i, *row) for i, row in enumerate(events())),
        )
