"""Forms of the review screens. They parse and validate input; the services decide.

Business rules (who may do what, which transitions are legal, what a verdict needs before it
is submitted) live in the services, which raise :class:`factcheck.errors.DomainError`. The
views turn those into errors on these forms (``factcheck.forms.add_domain_error``), so
a refused action shows its reason next to the field and keeps everything the user typed.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import Claim, Quantity
from claims.selectors.catalog import outlets_by_name, ratings_in_order
from claims.selectors.queue import QueueFilters, queue_cursor
from claims.services import QuantityInput
from claims.services.bulk import BULK_ACTION_LABELS
from evidence.models import EvidenceCandidate
from factcheck import roles
from factcheck.validation import ID_MAX, ID_MIN, IdModelChoiceField, id_form_field

# The queue's status filter: one choice keeps the URL short and the default obvious.
STATUS_ANY = "any"
STATUS_OPEN = "open"
QUEUE_STATUS_CHOICES = [
    (Claim.Status.NEW, "New"),
    (STATUS_OPEN, "Open (new or in progress)"),
    (Claim.Status.IN_PROGRESS, "In progress"),
    (Claim.Status.SUBMITTED, "Submitted"),
    (Claim.Status.PUBLISHED, "Published"),
    (Claim.Status.DISMISSED, "Dismissed"),
    (Claim.Status.SPLIT, "Split into parts"),
    (Claim.Status.MERGED, "Merged"),
    (STATUS_ANY, "Any status"),
]
_STATUS_VALUES: dict[str, tuple[str, ...]] = {
    STATUS_ANY: (),
    STATUS_OPEN: (Claim.Status.NEW, Claim.Status.IN_PROGRESS),
    **{value: (value,) for value in Claim.Status.values},
}


class SubmitArticleForm(forms.Form):
    """One of a URL, a pasted text or an HTML file, with optional metadata that wins over the page's."""

    url = forms.CharField(
        label="Web address",
        required=False,
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://…", "autocomplete": "url"}),
    )
    text = forms.CharField(
        label="Or paste the article text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        strip=False,
    )
    html = forms.FileField(
        label="Or upload a saved page (.html)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".html,.htm,text/html,text/plain"}),
    )
    title = forms.CharField(label="Title", required=False, max_length=500)
    outlet = forms.CharField(label="Outlet", required=False, max_length=200)
    author = forms.CharField(label="Author", required=False, max_length=300)
    published = forms.DateField(label="Published on", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_html(self) -> bytes | None:
        upload = self.cleaned_data.get("html")
        if not upload:
            return None
        # Checked before reading so an oversized upload is never held in memory as a whole.
        limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(f"The file is larger than {limit // (1024 * 1024)} MB.")
        return bytes(upload.read())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        given = [name for name in ("url", "text", "html") if data.get(name)]
        if not given:
            raise forms.ValidationError("Give a web address, paste the text, or upload an HTML file.")
        if len(given) > 1:
            raise forms.ValidationError("Give only one of: a web address, a pasted text, or an HTML file.")
        return data


def _use_takers(field: Any, takers: list[Any] | None) -> None:
    """Offer ``takers`` (users already fetched by :func:`roles.claim_takers`) as the options, so a
    page with two forms listing them runs the query once; the queryset still validates a choice."""
    field.queryset = roles.claim_takers()
    if takers is not None:
        iterator = field.iterator(field)
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        field.choices = empty + [iterator.choice(user) for user in takers]


def _html_attrs(attrs: dict[str, Any]) -> str:
    """Django's ``django/forms/widgets/attrs.html`` in Python: ``False`` left out, ``True`` bare."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python with the markup of Django's ``select.html`` and
    ``select_option.html`` (apart from whitespace): the queue's filters and bulk bar draw about a
    hundred options on every page, each a template include with a loop over its attributes."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [
            format_html('<select name="{}"{}>', widget["name"], mark_safe(_html_attrs(widget["attrs"])))
        ]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    str(option["value"]),
                    mark_safe(_html_attrs(option["attrs"])),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("\n".join(parts))


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the URL so a filtered queue can be bookmarked and shared."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "words or speaker"}),
    )
    status = forms.ChoiceField(label="Status", required=False, choices=QUEUE_STATUS_CHOICES, widget=QuickSelect)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *Claim.Kind.choices], widget=QuickSelect
    )
    outlet = IdModelChoiceField(
        label="Outlet", required=False, queryset=outlets_by_name(), empty_label="Any outlet", widget=QuickSelect
    )
    assignee = IdModelChoiceField(
        label="Assignee",
        required=False,
        queryset=get_user_model().objects.none(),
        empty_label="Anyone",
        widget=QuickSelect,
    )
    # Speakers and articles can run into the hundreds of thousands: they are set by following
    # a link in a row (and shown as removable chips), not chosen from a drop-down.
    speaker = id_form_field(label="Speaker", required=False, widget=forms.HiddenInput)
    article = id_form_field(label="Article", required=False, widget=forms.HiddenInput)
    created_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    created_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    has_duplicate = forms.ChoiceField(
        label="Matches",
        required=False,
        choices=[("", "Any"), ("yes", "Already checked? (has a match)"), ("no", "No match")],
        widget=QuickSelect,
    )
    score_min = forms.FloatField(
        label="Score ≥",
        required=False,
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.05", "inputmode": "decimal"}),
    )
    score_max = forms.FloatField(
        label="Score ≤",
        required=False,
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.05", "inputmode": "decimal"}),
    )
    # The "Next page" link's cursor (never rendered as a field: links carry it).
    after = forms.CharField(label="Page link", required=False, max_length=500)

    def clean_after(self) -> str:
        after: str = self.cleaned_data.get("after") or ""
        if after and queue_cursor(after) is None:
            raise forms.ValidationError("This page link is not valid; start again from the first page.")
        return after

    def __init__(self, *args: Any, takers: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only people who can hold claims: a short list even in a large newsroom.
        _use_takers(self.fields["assignee"], takers)

    def to_filters(self) -> QueueFilters:
        """The selector's filters; call only when the form is unbound or valid (an invalid
        filter is shown as an error, never dropped: the queue would be wider than asked)."""
        data: dict[str, Any] = {}
        if self.is_bound:
            if not self.is_valid():
                raise ValueError("The queue filters are not valid.")
            data = self.cleaned_data
        status = data.get("status") or Claim.Status.NEW
        duplicate = {"yes": True, "no": False}.get(data.get("has_duplicate") or "")
        outlet = data.get("outlet")
        assignee = data.get("assignee")
        created_from: date | None = data.get("created_from")
        created_to: date | None = data.get("created_to")
        return QueueFilters(
            status=_STATUS_VALUES[status],
            kind=data.get("kind") or "",
            speaker=data.get("speaker"),
            outlet=outlet.pk if outlet else None,
            article=data.get("article"),
            assignee=assignee.pk if assignee else None,
            created_from=created_from,
            created_to=created_to,
            has_duplicate=duplicate,
            score_min=data.get("score_min"),
            score_max=data.get("score_max"),
            q=(data.get("q") or "").strip(),
        )


class EvidenceDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=EvidenceCandidate.Decision.choices)
    stance = forms.ChoiceField(label="Stance", required=False, choices=[("", "—"), *EvidenceCandidate.Stance.choices])
    note = forms.CharField(label="Note", required=False, max_length=2000)


class AddSourceForm(forms.Form):
    url = forms.CharField(
        label="Source URL", required=False, max_length=2000, widget=forms.URLInput(attrs={"placeholder": "https://…"})
    )
    title = forms.CharField(label="Title", required=False, max_length=500)
    note = forms.CharField(label="Note", required=False, max_length=2000)
    document = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("url") and not data.get("document"):
            raise forms.ValidationError("Give the source's URL or pick a library document.")
        # The cleaned data are evidence_add_source's arguments: the library document goes by its id.
        data["document_id"] = data.pop("document", None)
        return data


class VersionedForm(forms.Form):
    """A change to a verdict: ``version`` is the version the page was loaded with (optimistic
    locking: the service refuses a change made on a page older than the verdict)."""

    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


def public_note(label: str, help_text: str) -> forms.CharField:
    """The public note a correction or retraction carries on the verdict's page."""
    return forms.CharField(label=label, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), help_text=help_text)


class VerdictForm(VersionedForm):
    """The verdict draft."""

    rating = forms.ModelChoiceField(
        label="Rating", required=False, queryset=ratings_in_order(in_use_only=True), empty_label="— choose a rating —"
    )
    summary = forms.CharField(
        label="Summary (one line)", required=False, max_length=300, widget=forms.TextInput(attrs={"maxlength": 300})
    )
    explanation = forms.CharField(
        label="Explanation (Markdown)",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="**bold**, *italic*, [links](https://…), lists. HTML is not rendered.",
    )
    citations = forms.MultipleChoiceField(label="Cite", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, citation_choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["citations"].choices = citation_choices or []  # type: ignore[attr-defined]


class ReturnForm(VersionedForm):
    comment = forms.CharField(label="What needs to change", widget=forms.Textarea(attrs={"rows": 4}))


class ApproveForm(VersionedForm):
    pass


class CorrectForm(VersionedForm):
    """A correction of a published verdict: the new rating and text, and the public note."""

    rating = forms.ModelChoiceField(label="Rating", queryset=ratings_in_order(in_use_only=True), empty_label=None)
    summary = forms.CharField(label="Summary (one line)", max_length=300)
    explanation = forms.CharField(label="Explanation (Markdown)", strip=False, widget=forms.Textarea(attrs={"rows": 8}))
    note = public_note(
        "Public correction note",
        "Readers see it on the verdict's page as “Corrected on …: …”, next to what it replaced.",
    )


class RetractForm(VersionedForm):
    note = public_note(
        "Public retraction note",
        "Why the verdict no longer stands; shown on its page, which stays up saying it is retracted.",
    )


class DismissForm(forms.Form):
    reason = forms.CharField(
        label="Why dismiss it",
        max_length=2000,
        widget=forms.TextInput(attrs={"placeholder": "not check-worthy, duplicate, …"}),
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label="Assign to", queryset=get_user_model().objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = roles.claim_takers()  # type: ignore[attr-defined]


class ClaimIdsField(forms.Field):
    """The ids of the claims ticked in the queue (``claims=3&claims=7``), each a valid id."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        ids = []
        for item in value or []:
            text = str(item).strip()
            if not text.isdigit() or not ID_MIN <= int(text) <= ID_MAX:
                raise forms.ValidationError(f"“{text[:20]}” is not a claim number.")
            ids.append(int(text))
        return ids


class BulkForm(forms.Form):
    """The queue's bulk bar: an action, its own field, and the ticked claims (or all matching the filters)."""

    action = forms.ChoiceField(
        label="With the selected claims", choices=list(BULK_ACTION_LABELS.items()), widget=QuickSelect
    )
    claims = ClaimIdsField(required=False)
    all_matching = forms.BooleanField(required=False, label="All claims matching the filters")
    filters = forms.CharField(required=False, max_length=4000, widget=forms.HiddenInput)
    assignee = forms.ModelChoiceField(
        label="Assign to",
        required=False,
        queryset=get_user_model().objects.none(),
        empty_label="— fact-checker —",
        widget=QuickSelect,
    )
    reason = forms.CharField(label="Reason", required=False, max_length=2000)
    priority = forms.IntegerField(label="Priority", required=False, min_value=-100, max_value=100)
    duplicate_of = id_form_field(label="Duplicate of claim #", required=False)

    def __init__(self, *args: Any, takers: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use_takers(self.fields["assignee"], takers)


class PriorityForm(forms.Form):
    priority = forms.IntegerField(
        label="Priority", min_value=-100, max_value=100, help_text="−100 to 100; higher comes first in the queue."
    )


# --- reshaping claims ------------------------------------------------------------------------------


class ClaimEditForm(forms.Form):
    """What a reviewer may change of a claim; ``version`` is the one the form was loaded at."""

    text = forms.CharField(label="Text", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    speaker = forms.CharField(
        label="Speaker",
        required=False,
        max_length=200,
        help_text="Pick a known speaker or type a new name; empty: nobody.",
        widget=forms.TextInput(attrs={"list": "speaker-names", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label="Kind", choices=Claim.Kind.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class QuantityForm(forms.Form):
    text = forms.CharField(label="Words", max_length=300, required=False)
    value = forms.FloatField(label="Value", required=False)
    unit = forms.CharField(label="Unit", max_length=80, required=False)
    kind = forms.ChoiceField(label="Kind", choices=Quantity.Kind.choices, initial=Quantity.Kind.COUNT)
    bound = forms.ChoiceField(label="Bound", choices=[("", "—"), *Quantity.Bound.choices], required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("DELETE"):
            return data
        if data.get("text") and data.get("value") is None:
            self.add_error("value", "Give the number as a number.")
        if data.get("value") is not None and not data.get("text"):
            self.add_error("text", "Quote the number's words in the claim.")
        return data


class BaseQuantityFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def quantities(self) -> list[QuantityInput]:
        """The rows kept (not removed, with words) as the claim's quantities, in order."""
        inputs = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("text"):
                continue
            inputs.append(
                QuantityInput(
                    text=data["text"], value=data["value"], unit=data["unit"], kind=data["kind"], bound=data["bound"]
                )
            )
        return inputs


QuantityFormSet = cast(
    type[BaseQuantityFormSet],
    forms.formset_factory(
        QuantityForm, formset=BaseQuantityFormSet, extra=1, can_delete=True, max_num=30, validate_max=True
    ),
)


class SplitForm(forms.Form):
    parts = forms.CharField(
        label="Parts, one per line",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        help_text="Each line becomes a claim; the original is closed as split.",
    )

    def clean_parts(self) -> list[str]:
        return self.cleaned_data["parts"].splitlines()


class MergeForm(forms.Form):
    claims = forms.CharField(
        label="Claims to merge into this one",
        max_length=500,
        help_text="Their numbers, e.g. 12, 15: they are closed as merged into this claim.",
    )

    def clean_claims(self) -> list[int]:
        raw = self.cleaned_data["claims"].replace("#", " ").replace(",", " ").split()
        try:
            ids = [int(value) for value in raw]
        except ValueError:
            raise forms.ValidationError("Give claim numbers separated by commas.") from None
        if not ids or any(i < 1 or i > 2_147_483_647 for i in ids):
            raise forms.ValidationError("Give claim numbers separated by commas.")
        return ids


class AddClaimForm(forms.Form):
    """A passage selected in the article (``start``/``end``) or a typed claim (``text``)."""

    text = forms.CharField(label="Claim", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    start = forms.IntegerField(required=False, min_value=0, max_value=10_000_000, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, max_value=10_000_000, widget=forms.HiddenInput)
    speaker = forms.CharField(
        label="Speaker",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"list": "speaker-names", "autocomplete": "off"}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("start") is None and not (data.get("text") or "").strip():
            raise forms.ValidationError("Select a passage of the article or type the claim.")
        return data
