"""Pagination: keyset cursors for claims, evidence and events; page numbers elsewhere
(:class:`StandardPageNumberPagination`, the project default, so a list names its pagination
only when it uses a cursor).

:class:`KeysetCursorPagination` encodes the full sort key of the last row (every ordering
field, ending with the primary key) and asks for rows strictly after it (:mod:`factcheck.keyset`,
the one cursor helper, which the UI's queue pages use too). Unlike DRF's
``CursorPagination`` (which positions on the first field only and falls back to an offset
among ties), a page 100 pages deep is one index range scan, and rows inserted or changed
elsewhere in the list never make a page repeat or skip a row.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol, cast, runtime_checkable

from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from claims.models import QUEUE_ORDER
from factcheck import keyset
from factcheck.api.query import single_value, whole_number

MAX_PAGE_SIZE = 200
# Far beyond any list here; it keeps the page's OFFSET inside a 64-bit integer.
MAX_PAGE_NUMBER = 10**9


def query_parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """An optional query parameter as the OpenAPI schema lists it."""
    return {"name": name, "required": False, "in": "query", "description": description, "schema": schema}


def page_size_parameter(name: str, *, default: int | None, maximum: int) -> dict[str, Any]:
    return query_parameter(
        name,
        f"Results per page (1–{maximum}, default {default}).",
        {"type": "integer", "minimum": 1, "maximum": maximum},
    )


class StandardPageNumberPagination(PageNumberPagination):
    """Page numbers with a count. ``page`` and ``page_size`` that are not whole numbers in range are
    a 400 naming the parameter (DRF would fall back to the default size, or answer 404)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        size = whole_number(request, self.page_size_query_param, minimum=1, maximum=self.max_page_size)
        return self.page_size if size is None else size

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        number = whole_number(request, self.page_query_param, minimum=1, maximum=MAX_PAGE_NUMBER)
        return 1 if number is None else number

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            query_parameter(
                self.page_query_param,
                "Page number, from 1 (404 beyond the last page).",
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_NUMBER},
            ),
            page_size_parameter(self.page_size_query_param, default=self.page_size, maximum=self.max_page_size),
        ]


@runtime_checkable
class LazyList(Protocol):
    """A list the keyset paginator reads without its queryset when it can: the first page's rows
    come from ``first_rows`` (in ``order``, at most ``limit``); other pages seek in ``queryset()``."""

    def queryset(self) -> QuerySet[Any]: ...

    def first_rows(self, order: list[str], limit: int) -> list[Any]: ...


class KeysetCursorPagination(BasePagination):
    """Cursor pagination over a fixed set of orderings, each ending with a unique field.

    Subclasses set ``orderings`` (name → fields, ``-`` for descending) and ``default_ordering``.
    The ordering fields must be non-null.
    """

    page_size = 50
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"
    ordering_query_param = "ordering"
    orderings: dict[str, tuple[str, ...]] = {}
    default_ordering = ""

    def get_page_size(self, request: Request) -> int:
        size = whole_number(request, self.page_size_query_param, minimum=1, maximum=self.max_page_size)
        return self.page_size if size is None else size

    def get_ordering_name(self, request: Request) -> str:
        name = single_value(request, self.ordering_query_param) or self.default_ordering
        if name not in self.orderings:
            allowed = ", ".join(sorted(self.orderings))
            raise ValidationError({self.ordering_query_param: [f"Choose one of: {allowed}."]})
        return name

    def _decode(self, raw: str, fields: tuple[str, ...], ordering_name: str) -> keyset.Cursor:
        cursor = keyset.decode(raw, fields)
        if cursor is None:
            raise ValidationError({self.cursor_query_param: ["The cursor is not valid."]})
        if cursor.ordering != ordering_name:
            raise ValidationError({self.cursor_query_param: ["The cursor belongs to another ordering."]})
        return cursor

    def paginate_queryset(
        self, queryset: QuerySet[Any] | Sequence[Any] | LazyList, request: Request, view: Any = None
    ) -> list[Any]:
        lazy = queryset if isinstance(queryset, LazyList) else None
        if lazy is None and not isinstance(queryset, QuerySet):
            raise TypeError("Keyset pagination filters a queryset; a list has no keys to seek.")
        self.request = request
        self.page_size_used = self.get_page_size(request)
        self.ordering_name = self.get_ordering_name(request)
        fields = self.orderings[self.ordering_name]
        raw = single_value(request, self.cursor_query_param)
        limit = self.page_size_used + 1
        if raw:
            cursor = self._decode(raw, fields, self.ordering_name)
            whole = lazy.queryset() if lazy is not None else cast(QuerySet[Any], queryset)
            narrowed = keyset.rows_after(whole, fields, cursor)
            if narrowed is None:  # values that do not fit the ordering's columns
                raise ValidationError({self.cursor_query_param: ["The cursor is not valid."]})
            backwards = cursor.backwards
            order = [(f[1:] if f.startswith("-") else f"-{f}") for f in fields] if backwards else list(fields)
            rows = list(narrowed.order_by(*order)[:limit])
        elif lazy is not None:
            backwards, rows = False, lazy.first_rows(list(fields), limit)
        else:
            backwards, rows = False, list(cast(QuerySet[Any], queryset).order_by(*fields)[:limit])
        has_more = len(rows) > self.page_size_used
        rows = rows[: self.page_size_used]
        if backwards:
            rows.reverse()
            has_next, has_previous = bool(raw), has_more
        else:
            has_next, has_previous = has_more, bool(raw)
        name = self.ordering_name
        self.next_cursor = keyset.encode(rows[-1], fields, ordering=name) if has_next and rows else None
        self.previous_cursor = (
            keyset.encode(rows[0], fields, backwards=True, ordering=name) if has_previous and rows else None
        )
        return rows

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            OrderedDict(
                [
                    ("next", self._link(self.next_cursor)),
                    ("previous", self._link(self.previous_cursor)),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            query_parameter(self.cursor_query_param, "The `next` or `previous` link's cursor.", {"type": "string"}),
            page_size_parameter(self.page_size_query_param, default=self.page_size, maximum=self.max_page_size),
            query_parameter(
                self.ordering_query_param,
                f"Sort order (default `{self.default_ordering}`).",
                {"type": "string", "enum": sorted(self.orderings)},
            ),
        ]


class ClaimCursorPagination(KeysetCursorPagination):
    orderings = {
        "queue": QUEUE_ORDER,
        "newest": ("-created_at", "-id"),
        "oldest": ("created_at", "id"),
        "score": ("-checkworthiness", "id"),
    }
    default_ordering = "queue"


class EvidenceCursorPagination(KeysetCursorPagination):
    orderings = {"score": ("-score", "id"), "newest": ("-created_at", "-id")}
    default_ordering = "score"


class EventCursorPagination(KeysetCursorPagination):
    orderings = {"newest": ("-created_at", "-id"), "oldest": ("created_at", "id")}
    default_ordering = "newest"


class ClaimReviewCursorPagination(KeysetCursorPagination):
    orderings = {"published": ("published_at", "id")}
    default_ordering = "published"


class DeliveryCursorPagination(KeysetCursorPagination):
    orderings = {"newest": ("-created_at", "-id")}
    default_ordering = "newest"
