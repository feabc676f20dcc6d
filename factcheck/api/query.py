"""Query parameters that are never ignored: a value the API cannot use is a 400 naming it.

django-filter and DRF are lenient by default: a ``NumberFilter`` reads ``speaker=0.5`` as a
decimal the queue then drops, ``page_size=null`` falls back to the default, an unknown
``ordering`` is skipped and ``has_duplicate=maybe`` means "any". Each of those answers 200
with a list the client did not ask for. The pieces here refuse instead:

* :class:`StrictFilterSet`: one value per parameter (except list filters), no empty values
  for typed filters;
* :class:`IdFilter`, :class:`ScoreFilter`, :class:`StrictBooleanFilter`: typed filters that
  say so in the schema;
* :class:`StrictOrderingFilter`: an ``ordering`` outside the listed fields is a 400, and
  :class:`StrictSearchFilter` refuses a repeated ``search`` or one with NUL characters;
* :func:`single_value` and :func:`whole_number` for pagination parameters, :func:`parse_query`
  for parameters a serializer reads.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from drf_spectacular.drainage import set_override
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.request import Request

from factcheck.validation import ID_MAX, ID_MIN

BLANK = "Give a value or leave the parameter out."
REPEATED = "Give this parameter once."


def single_value(request: Request, name: str) -> str | None:
    """The parameter's one value, None when absent; 400 when repeated or blank."""
    values = request.query_params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise ValidationError({name: [REPEATED]})
    if not values[0].strip():
        raise ValidationError({name: [BLANK]})
    return values[0]


def whole_number(request: Request, name: str, *, minimum: int, maximum: int) -> int | None:
    """The parameter as an int in ``minimum..maximum``, None when absent; 400 otherwise."""
    raw = single_value(request, name)
    if raw is None:
        return None
    text = raw.strip()
    if not (text.isascii() and text.lstrip("+").isdigit()):
        raise ValidationError({name: ["Must be a whole number."]})
    number = int(text)
    if not minimum <= number <= maximum:
        raise ValidationError({name: [f"Must be between {minimum} and {maximum}."]})
    return number


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number from 1 to 2⁶³−1 (``1.5``, ``0`` and ``abc`` are 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", ID_MIN)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)
        set_override(
            self,
            "field",
            {
                "type": "integer",
                "format": "int64",
                "minimum": ID_MIN,
                "maximum": ID_MAX,
                "description": kwargs.get("help_text") or "An id.",
            },
        )


class ScoreFilter(django_filters.NumberFilter):
    """A check-worthiness bound: a number from 0 to 1."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 1)
        super().__init__(*args, **kwargs)
        set_override(
            self, "field", {"type": "number", "minimum": 0, "maximum": 1, "description": kwargs.get("help_text") or ""}
        )


class StrictBooleanField(forms.Field):
    """``true`` / ``false`` (also ``1`` / ``0``); anything else is an error, not "any"."""

    TRUE = frozenset({"true", "1"})
    FALSE = frozenset({"false", "0"})

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError("Must be true or false.", code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet whose parameters are given once each and never blank when typed."""

    def is_valid(self) -> bool:
        valid = bool(super().is_valid())
        getlist = getattr(self.data, "getlist", None)
        if getlist is None:
            return valid
        for name, filter_ in self.filters.items():
            values = getlist(name)
            if len(values) > 1 and not isinstance(filter_, django_filters.MultipleChoiceFilter):
                self.form.add_error(name, REPEATED)
            elif any(not value.strip() for value in values) and not isinstance(filter_, django_filters.CharFilter):
                self.form.add_error(name, BLANK)
        return valid and not self.form.errors


class StrictOrderingFilter(OrderingFilter):
    """``ordering=field`` or ``-field``, comma-separated, from ``ordering_fields`` only."""

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        raw = single_value(request, self.ordering_param)
        if raw is None:
            return self.get_default_ordering(view)
        valid = [item[0] for item in self.get_valid_fields(queryset, view, {"request": request})]
        terms = [term.strip() for term in raw.split(",")]
        if not all(term.removeprefix("-") in valid for term in terms):
            choices = ", ".join(valid)
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Choose from: {choices} (a leading - reverses the order; separate several with commas)."
                    ]
                }
            )
        return terms

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        fields = [name if isinstance(name, str) else name[0] for name in getattr(view, "ordering_fields", [])]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Sort by these fields (a leading `-` reverses), comma-separated.",
                "schema": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "string", "enum": [v for f in fields for v in (f, f"-{f}")]},
                },
                "style": "form",
                "explode": False,
            }
        ]


class StrictSearchFilter(SearchFilter):
    """``search`` given once, without NUL characters (PostgreSQL text cannot hold them)."""

    def get_search_terms(self, request: Request) -> list[str]:
        values = request.query_params.getlist(self.search_param)
        if len(values) > 1:
            raise ValidationError({self.search_param: [REPEATED]})
        if values and "\x00" in values[0]:
            raise ValidationError({self.search_param: ["Null characters are not allowed."]})
        return list(super().get_search_terms(request))


def parse_body(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The request body read by ``serializer_class``: its validated values, or a 400 naming the fields."""
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def parse_query(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The query string read by ``serializer_class``, strictly: DRF reads a blank typed
    parameter as absent (its default applies) and a repeated one as its last value."""
    for name, field in serializer_class().fields.items():
        if isinstance(field, serializers.CharField):
            if len(request.query_params.getlist(name)) > 1:
                raise ValidationError({name: [REPEATED]})
        else:
            single_value(request, name)
    data = serializer_class(data=request.query_params)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def id_field(**kwargs: Any) -> serializers.IntegerField:
    """A row id in a request body: 1 to 2⁶³−1 (beyond, SQLite cannot even bind it: a 500, not a 404)."""
    return serializers.IntegerField(min_value=ID_MIN, max_value=ID_MAX, **kwargs)


def address_field(help_text: str, **kwargs: Any) -> serializers.CharField:
    """An optional web address in a request body, up to 2,000 characters; the service it is given to
    checks it (a public http(s) address, the fetcher's rules)."""
    return serializers.CharField(max_length=2000, required=False, allow_blank=True, help_text=help_text, **kwargs)
