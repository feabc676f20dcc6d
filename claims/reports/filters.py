"""Report filters: one form parses them for the pages, the CSV exports and the API alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from django import forms
from django.utils import timezone

from claims.models import Claim, Verdict
from claims.selectors.catalog import outlets_by_name, ratings_in_order
from claims.services.report_rollup import EVENT_STEPS, bucket_end, bucket_start, day_after, day_start
from factcheck import roles
from factcheck.validation import IdModelChoiceField, id_form_field

Granularity = Literal["day", "week", "month"]
GRANULARITIES: tuple[Granularity, ...] = ("day", "week", "month")
DEFAULT_DAYS = 90
# A report over years of days would draw thousands of buckets; beyond this, weeks are used.
MAX_DAY_BUCKETS = 186
# Reports read dates within these bounds: beyond them there is no data, and date.max plus a day
# does not exist (an OverflowError), so a far-future or far-past date is a field error instead.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class ReportDateField(forms.DateField):
    """A date between EARLIEST_DATE and LATEST_DATE; anything else is a field error with a sentence."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError(
                f"Give a date between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}.", code="out_of_range"
            )


@dataclass(frozen=True)
class ReportFilters:
    """What every report is narrowed by. Dates are inclusive, in the site's time zone."""

    date_from: date
    date_to: date
    granularity: Granularity = "week"
    outlet: int | None = None
    speaker: int | None = None
    reviewer: int | None = None
    rating: int | None = None
    rating_slug: str = ""

    @property
    def start(self) -> datetime:
        """The first instant of ``date_from``, aware, so range filters can use an index."""
        return day_start(self.date_from)

    @property
    def end(self) -> datetime:
        """The first instant after ``date_to`` (an exclusive bound)."""
        return day_after(self.date_to)

    @property
    def bucket(self) -> Granularity:
        days = (self.date_to - self.date_from).days + 1
        if self.granularity == "day" and days > MAX_DAY_BUCKETS:
            return "week"
        return self.granularity

    def buckets(self) -> list[date]:
        """The first day of every bucket overlapping the period, so empty buckets show as zero."""
        first = bucket_start(self.date_from, self.bucket)
        out = []
        current = first
        while current <= self.date_to:
            out.append(current)
            current = bucket_end(current, self.bucket) + timedelta(days=1)
        return out

    def as_params(self) -> dict[str, str]:
        """The query-string form of these filters (for links and exports)."""
        params = {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "granularity": self.granularity,
        }
        for name in ("outlet", "speaker", "reviewer"):
            if (value := getattr(self, name)) is not None:
                params[name] = str(value)
        if self.rating_slug:
            params["rating"] = self.rating_slug
        return params


def bucket_label(start: date, granularity: Granularity) -> str:
    if granularity == "month":
        return start.strftime("%b %Y")
    if granularity == "week":
        return start.strftime("%-d %b %Y")  # the Monday the week starts on
    return start.isoformat()


def reviewers_queryset() -> Any:
    """Users who can take claims (fact-checkers, editors, admins): the reviewer filter's choices."""
    return roles.claim_takers()


class ReviewerChoiceField(IdModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class ReportFilterForm(forms.Form):
    """Parses ``from``, ``to``, ``granularity``, ``outlet``, ``speaker``, ``reviewer``, ``rating``."""

    date_from = ReportDateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = ReportDateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    granularity = forms.ChoiceField(
        # Week first: an empty choice shows what the report uses when none is given.
        required=False,
        choices=[(g, g.title()) for g in ("week", "day", "month")],
        label="Per",
    )
    outlet = IdModelChoiceField(queryset=outlets_by_name(), required=False, empty_label="All")
    # Speakers run to thousands: an id (set by the report's links), not a drop-down.
    speaker = id_form_field(required=False, label="Speaker id")
    reviewer = ReviewerChoiceField(queryset=outlets_by_name().none(), required=False, empty_label="All")
    rating = forms.ModelChoiceField(
        queryset=ratings_in_order(), required=False, to_field_name="slug", empty_label="All"
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        reviewer = self.fields["reviewer"]
        assert isinstance(reviewer, forms.ModelChoiceField)
        # Set per form, not at import: the user model's queryset needs the app registry ready.
        reviewer.queryset = reviewers_queryset()

    def add_prefix(self, field_name: str) -> str:
        # The query string says ``from`` / ``to`` (a field cannot be named ``from``): read and
        # render those names, so submitted forms, links and API calls agree.
        return {"date_from": "from", "date_to": "to"}.get(field_name, field_name)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        date_to = data.get("date_to") or today
        date_from = data.get("date_from") or (date_to - timedelta(days=DEFAULT_DAYS - 1))
        if date_from > date_to:
            raise forms.ValidationError("The period's start must not be after its end.")
        data["date_from"], data["date_to"] = date_from, date_to
        return data

    def filters(self) -> ReportFilters:
        """The parsed filters; call after ``is_valid()``."""
        data = self.cleaned_data
        return ReportFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            granularity=data.get("granularity") or "week",
            outlet=data["outlet"].pk if data.get("outlet") else None,
            speaker=data.get("speaker"),
            reviewer=data["reviewer"].pk if data.get("reviewer") else None,
            rating=data["rating"].pk if data.get("rating") else None,
            rating_slug=data["rating"].slug if data.get("rating") else "",
        )


def parse_filters(params: Any) -> tuple[ReportFilterForm, ReportFilters | None]:
    """Bind the form to a query dict; the filters, or None when it is invalid."""
    form = ReportFilterForm(params)
    return form, (form.filters() if form.is_valid() else None)


class ClaimsBehindForm(forms.Form):
    """The filters of the claim list every report figure links to.

    The queue filters claims by their own fields; reports also need the verdict (rating, author,
    publication date) and the audit trail (what happened to a claim in a period), so the reports
    have this list of their own. ``speaker`` and ``outlet`` accept ``none`` for "no speaker".
    """

    status = forms.ChoiceField(required=False, choices=[("", "Any"), *Claim.Status.choices])
    kind = forms.ChoiceField(required=False, choices=[("", "Any"), *Claim.Kind.choices])
    speaker = forms.RegexField(required=False, regex=r"^(none|[1-9][0-9]{0,17})$")
    outlet = forms.RegexField(required=False, regex=r"^(none|[1-9][0-9]{0,17})$")
    article = id_form_field(required=False)
    assignee = id_form_field(required=False)
    reviewer = id_form_field(required=False, help_text="The verdict's author.")
    verdict = forms.ChoiceField(required=False, choices=[("", "Any"), *Verdict.Status.choices])
    rating = forms.SlugField(required=False)
    published_from = ReportDateField()
    published_to = ReportDateField()
    created_from = ReportDateField()
    created_to = ReportDateField()
    event = forms.ChoiceField(required=False, choices=[("", "Any"), *((k, k) for k in EVENT_STEPS)])
    event_from = ReportDateField()
    event_to = ReportDateField()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("event_from") or data.get("event_to")) and not data.get("event"):
            raise forms.ValidationError("A period of events needs the event (taken, submitted, …).")
        return data
