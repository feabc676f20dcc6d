"""Claims as plain ``values()`` rows for the API's list, detail and take-next bodies.

No model instances: the list is one query of :data:`LIST_FIELDS`; a claim in full is one query too,
its quantities, duplicates, evidence counts and latest provider runs gathered by correlated JSON
subqueries (``JSONB_AGG`` on PostgreSQL, ``JSON_GROUP_ARRAY`` on SQLite) next to its own columns.
Building and compiling that query costs several times what the database spends on it, and it only
ever differs in the claim's id, so it is compiled once per database (:class:`OneClaimQuery`) and
then only run; the SQL text is the same each time, which also lets psycopg prepare it
(``DB_PREPARE_THRESHOLD``). ``claims.api.rows`` writes the bodies from these rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Aggregate, Count, Exists, JSONField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import JSONObject

from claims.models import Claim, Quantity
from evidence.models import EvidenceCandidate, FetchRun

# The claim's own columns a list row shows (``values()`` names: a foreign key as ``<name>_id``).
OWN_FIELDS = (
    *("id", "text", "kind", "status", "checkworthiness", "priority", "assigned_at", "duplicate_of_id"),
    *("match_score", "version", "origin", "split_from_id", "merged_into_id", "created_at", "updated_at"),
    *("speaker_id", "article_id", "assignee_id"),
)
# What a list row shows of the claim's speaker, article (and its outlet) and assignee.
REF_FIELDS = (
    *("speaker__name", "speaker__title", "assignee__username"),
    *("article__title", "article__url", "article__published", "article__outlet__name"),
)
LIST_FIELDS = (*OWN_FIELDS, *REF_FIELDS)
# A claim in full adds these columns of its own, and its verdict with the verdict's rating.
DETAIL_OWN_FIELDS = ("start", "end", "dismiss_reason")
VERDICT_FIELDS = (
    *("verdict__id", "verdict__status", "verdict__version", "verdict__summary", "verdict__published_at"),
    *("verdict__rating__id", "verdict__rating__slug", "verdict__rating__name", "verdict__rating__value"),
)
QUANTITY_FIELDS = (
    *("id", "text", "start", "end", "unit", "kind", "bound", "change", "currency", "of", "noun"),
    *("value", "value_to"),
)


class JSONArrayAgg(Aggregate):
    """The grouped rows' values as one JSON array (the order is the database's: sort after loading)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra)


def _per_claim(rows: QuerySet[Any], link: str, value: Any) -> Subquery:
    """``value`` aggregated over ``rows`` whose ``link`` is the outer claim (NULL when there are none)."""
    grouped = rows.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(agg=value).values("agg")
    return Subquery(grouped, output_field=JSONField())


def _latest_runs() -> QuerySet[FetchRun]:
    """Each provider's latest run (newest ``queued_at``, then highest id), as the detail reports it."""
    newer = FetchRun.objects.filter(claim_id=OuterRef("claim_id"), provider=OuterRef("provider")).filter(
        Q(queued_at__gt=OuterRef("queued_at")) | Q(queued_at=OuterRef("queued_at"), pk__gt=OuterRef("pk"))
    )
    return FetchRun.objects.filter(~Exists(newer))


def detail_annotations() -> dict[str, Subquery]:
    """The correlated subqueries that gather what a claim in full shows of its related rows."""
    counts = JSONObject(
        **{d: Count("pk", filter=Q(decision=d)) for d in EvidenceCandidate.Decision.values},
    )
    return {
        "quantity_rows": _per_claim(
            Quantity.objects.all(), "claim_id", JSONArrayAgg(JSONObject(**{f: f for f in QUANTITY_FIELDS}))
        ),
        "duplicate_ids": _per_claim(Claim.objects.all(), "duplicate_of_id", JSONArrayAgg("id")),
        "evidence_counts": _per_claim(EvidenceCandidate.objects.all(), "claim_id", counts),
        "provider_runs": _per_claim(
            _latest_runs(), "claim_id", JSONArrayAgg(JSONObject(provider="provider", status="status"))
        ),
    }


def claim_rows(claims: QuerySet[Claim]) -> QuerySet[Any]:
    """``claims`` (a queue list, filtered and ordered) as list rows: one query, no instances."""
    return claims.values(*LIST_FIELDS)


# Stands for the claim's id while a query is compiled: no claim has a negative id.
_ID_MARK = -7_038_461_529

# What running a compiled values() query needs: its SQL, parameters, column names and converters.
Compiled = tuple[str, list[Any], list[str], dict[int, Any]]


def _compile_values(queryset: QuerySet[Any], alias: str) -> Compiled:
    query = queryset.query
    compiler = query.get_compiler(alias)
    sql, params = compiler.as_sql()
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
    return sql, list(params), names, converters


def _run_values(sql: str, params: list[Any], names: list[str], converters: dict[int, Any], alias: str) -> list[Any]:
    """The rows as ``values()`` gives them (the same conversions: aware datetimes, decoded JSON)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        raws = cursor.fetchall()
    rows = []
    for raw in raws:
        values = list(raw)
        for index, (functions, expression) in converters.items():
            for convert in functions:
                values[index] = convert(values[index], expression, connection)
        rows.append(dict(zip(names, values, strict=True)))
    return rows


class OneClaimQuery:
    """A ``values()`` query about one claim, compiled once per database alias and then only run.

    ``build(claim_id)`` returns the queryset; it is compiled with a marker id, whose place among the
    parameters is remembered, and each run sends the same SQL with the real id there.
    """

    def __init__(self, build: Callable[[int], QuerySet[Any]]) -> None:
        self.build = build
        self._compiled: dict[str, tuple[Compiled, int]] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> tuple[Compiled, int]:
        compiled = self._compiled.get(alias)
        if compiled is not None:
            return compiled
        with self._lock:  # one thread compiles; the others wait and read its result
            compiled = self._compiled.get(alias)
            if compiled is None:
                parts = _compile_values(self.build(_ID_MARK), alias)
                if parts[1].count(_ID_MARK) != 1:
                    raise ValueError("The query must use the claim's id exactly once.")
                compiled = (parts, parts[1].index(_ID_MARK))
                self._compiled[alias] = compiled
        return compiled

    def row(self, claim_id: int, *, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any] | None:
        """The query's row for this claim, or None when there is no such claim."""
        (sql, params, names, converters), at = self._compile(using)
        rows = _run_values(sql, [*params[:at], claim_id, *params[at + 1 :]], names, converters, using)
        return rows[0] if rows else None


def _stand_in(value: Any, place: int, round_: int) -> Any:
    """A value of ``value``'s type that no caller passes, different for each place and round (None: a
    type this cannot stand in for)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return f"\x00stand-in {round_}.{place}\x00"
    if isinstance(value, int):
        return -(10**15) - 1000 * round_ - place
    if isinstance(value, float):
        return -(10.0**15) - 1000 * round_ - place - 0.5
    if isinstance(value, date) and not isinstance(value, datetime):
        return date(1000 + 100 * round_ + place, 1, 1)
    return None


class ShapedQuery:
    """A ``values()`` query built from a few scalar arguments, compiled once per shape and alias.

    ``rows(shape, build, args)``: ``shape`` names what decides the SQL text apart from the argument
    values (which filters are given, the order, the limit); ``build(args)`` returns the queryset. A
    new shape is built and compiled twice, with two sets of stand-ins for the arguments: a parameter
    that differs between the two must be one argument's stand-in in both (each run puts that
    argument there), one that does not is a constant. When the two SQL texts differ or a parameter
    differs without being a stand-in (the database layer changed the value, e.g. ``%word%``), the
    shape is remembered as not compilable and each call builds and runs its query as before.
    """

    MAX_SHAPES = 256  # beyond this, new shapes run uncached (the filters' combinations are bounded)

    def __init__(self) -> None:
        self._compiled: dict[tuple[Any, ...], tuple[Compiled, list[int | None]] | None] = {}
        self._lock = threading.Lock()

    def _compile(
        self, key: tuple[Any, ...], build: Callable[[tuple[Any, ...]], QuerySet[Any]], args: tuple[Any, ...], alias: str
    ) -> tuple[Compiled, list[int | None]] | None:
        if key in self._compiled:
            return self._compiled[key]
        with self._lock:
            if key in self._compiled:
                return self._compiled[key]
            compiled = _compile_shape(build, args, alias)
            if len(self._compiled) < self.MAX_SHAPES:
                self._compiled[key] = compiled
        return compiled

    def rows(
        self,
        shape: tuple[Any, ...],
        build: Callable[[tuple[Any, ...]], QuerySet[Any]],
        args: tuple[Any, ...],
        *,
        using: str = DEFAULT_DB_ALIAS,
    ) -> list[dict[str, Any]]:
        compiled = self._compile((using, *shape), build, args, using)
        if compiled is None:
            return list(build(args).using(using))
        (sql, params, names, converters), places = compiled
        run = [param if place is None else args[place] for param, place in zip(params, places, strict=True)]
        return _run_values(sql, run, names, converters, using)


def _compile_shape(
    build: Callable[[tuple[Any, ...]], QuerySet[Any]], args: tuple[Any, ...], alias: str
) -> tuple[Compiled, list[int | None]] | None:
    """The query compiled for any arguments of this shape, with where each argument goes (None when
    the query cannot be reused that way)."""
    rounds = []
    for round_ in (1, 2):
        stand_ins = tuple(_stand_in(value, place, round_) for place, value in enumerate(args))
        if any(s is None for s in stand_ins):
            return None
        rounds.append((stand_ins, _compile_values(build(stand_ins), alias)))
    (first, compiled), (second, again) = rounds
    if compiled[0] != again[0] or len(compiled[1]) != len(again[1]):
        return None
    places: list[int | None] = []
    for one, two in zip(compiled[1], again[1], strict=True):
        if one == two and one not in first:
            places.append(None)
            continue
        place = first.index(one) if one in first else -1
        if place < 0 or second[place] != two:
            return None
        places.append(place)
    return compiled, places


_DETAIL = OneClaimQuery(
    lambda claim_id: (
        Claim.objects.filter(pk=claim_id)
        .order_by()
        .values(*LIST_FIELDS, *DETAIL_OWN_FIELDS, *VERDICT_FIELDS)
        .annotate(**detail_annotations())
    )
)
_EXTRAS = OneClaimQuery(
    lambda claim_id: (
        Claim.objects.filter(pk=claim_id)
        .order_by()
        .values(*REF_FIELDS, *VERDICT_FIELDS)
        .annotate(**detail_annotations())
    )
)


def claim_detail_values(claim_id: int) -> dict[str, Any] | None:
    """The claim in full as one row (None when there is no such claim): one query."""
    return _DETAIL.row(claim_id)


def claim_detail_extras(claim_id: int) -> dict[str, Any] | None:
    """What a claim in full shows beyond the claim's own columns (its speaker, article, assignee,
    verdict and related rows), for a caller that has those columns already: one query."""
    return _EXTRAS.row(claim_id)
