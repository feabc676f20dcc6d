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


class OneClaimQuery:
    """A ``values()`` query about one claim, compiled once per database alias and then only run.

    ``build(claim_id)`` returns the queryset; it is compiled with a marker id, whose place among the
    parameters is remembered, and each run sends the same SQL with the real id there. The rows get
    the same conversions Django's ``values()`` would apply (aware datetimes, decoded JSON).
    """

    def __init__(self, build: Callable[[int], QuerySet[Any]]) -> None:
        self.build = build
        self._compiled: dict[str, tuple[str, list[Any], int, list[str], dict[int, Any]]] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> tuple[str, list[Any], int, list[str], dict[int, Any]]:
        compiled = self._compiled.get(alias)
        if compiled is not None:
            return compiled
        with self._lock:  # one thread compiles; the others wait and read its result
            compiled = self._compiled.get(alias)
            if compiled is None:
                query = self.build(_ID_MARK).query
                compiler = query.get_compiler(alias)
                sql, params = compiler.as_sql()
                if list(params).count(_ID_MARK) != 1:
                    raise ValueError("The query must use the claim's id exactly once.")
                names = [*query.extra_select, *query.values_select, *query.annotation_select]
                converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
                compiled = (sql, list(params), list(params).index(_ID_MARK), names, converters)
                self._compiled[alias] = compiled
        return compiled

    def row(self, claim_id: int, *, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any] | None:
        """The query's row for this claim, or None when there is no such claim."""
        sql, params, at, names, converters = self._compile(using)
        params = [*params[:at], claim_id, *params[at + 1 :]]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            raw = cursor.fetchone()
        if raw is None:
            return None
        values = list(raw)
        for index, (functions, expression) in converters.items():
            for convert in functions:
                values[index] = convert(values[index], expression, connection)
        return dict(zip(names, values, strict=True))


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
