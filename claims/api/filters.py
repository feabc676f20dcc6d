"""The claim list's filters: the queue's :class:`~claims.selectors.queue.QueueFilters`, as django-filter."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import QueryDict

from claims.models import Article, Claim
from claims.selectors.queue import QueueFilters, claim_list
from factcheck.api.query import IdFilter, ScoreFilter, StrictBooleanFilter, StrictFilterSet


class ClaimFilter(StrictFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=Claim.Status.choices, help_text="Repeat for several statuses; all statuses when absent."
    )
    kind = django_filters.ChoiceFilter(choices=Claim.Kind.choices)
    speaker = IdFilter(help_text="Speaker id.")
    outlet = IdFilter(help_text="Outlet id.")
    article = IdFilter(help_text="Article id.")
    assignee = IdFilter(help_text="User id of the reviewer.")
    created_from = django_filters.DateFilter(help_text="Created on or after (YYYY-MM-DD).")
    created_to = django_filters.DateFilter(help_text="Created on or before (YYYY-MM-DD).")
    has_duplicate = StrictBooleanFilter(
        help_text="Only claims that match (or do not match) an earlier fact-check or published verdict "
        "(a suggested, automatic or confirmed match)."
    )
    score_min = ScoreFilter(help_text="Lowest check-worthiness (0–1).")
    score_max = ScoreFilter(help_text="Highest check-worthiness (0–1).")
    q = django_filters.CharFilter(help_text="Words in the claim's text or speaker's name.")

    class Meta:
        model = Claim
        fields: list[str] = []

    def queue_filters(self) -> QueueFilters:
        data: dict[str, Any] = self.form.cleaned_data
        return QueueFilters(
            status=tuple(data.get("status") or ()),
            kind=data.get("kind") or "",
            speaker=_int(data.get("speaker")),
            outlet=_int(data.get("outlet")),
            article=_int(data.get("article")),
            assignee=_int(data.get("assignee")),
            created_from=data.get("created_from"),
            created_to=data.get("created_to"),
            has_duplicate=data.get("has_duplicate"),
            score_min=_float(data.get("score_min")),
            score_max=_float(data.get("score_max")),
            q=(data.get("q") or "").strip(),
        )

    def __init__(self, data: Any = None, queryset: Any = None, *, request: Any = None, prefix: Any = None) -> None:
        # Only the form of these filters is used (filter_queryset calls the queue's selector), so they
        # and the form class are shared by every request instead of deep-copied and rebuilt for each
        # (a good part of a fast page's time: bench/inproc.py).
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset if queryset is not None else Claim.objects.all()
        self.request = request
        self.form_prefix = prefix
        self.filters = self.base_filters

    def get_form_class(self) -> Any:
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            # A form deep-copies its fields for each instance; these are never changed per request
            # (the form only validates query parameters, it is never rendered), so they are shared.
            form_class.base_fields = _SharedFields(form_class.base_fields)
            type(self)._form_class = form_class
        return form_class

    def filter_queryset(self, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        # The queue's own selector does the filtering, so the API and the queue page agree. The list
        # reads values() rows: no "already checked" annotation (it filters by it when asked).
        return claim_list(filters=self.queue_filters(), for_values=True)


class _SharedFields(dict[str, Any]):
    """Form fields that each form instance uses as they are instead of deep-copying them."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return dict(self)


def _int(value: Any) -> int | None:
    return int(value) if value is not None else None


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


class ArticleFilter(StrictFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Article.Status.choices)
    source = django_filters.ChoiceFilter(choices=Article.Source.choices)
    outlet = IdFilter(field_name="outlet_id", help_text="Outlet id.")
    created_from = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_to = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Article
        fields: list[str] = []
