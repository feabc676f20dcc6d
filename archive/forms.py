"""Forms of the match review screen: the tab (state) and the bulk action."""

from __future__ import annotations

from django import forms

from archive.models import ClaimMatch
from archive.services.bulk import BULK_LIMIT, BulkAction
from factcheck.validation import ID_MAX

# The review screen's tabs: what waits for a reviewer first.
TABS = (
    ClaimMatch.State.SUGGESTED,
    ClaimMatch.State.AUTOMATIC,
    ClaimMatch.State.CONFIRMED,
    ClaimMatch.State.REJECTED,
)


class MatchDecisionForm(forms.Form):
    """One decision's options (the action is in the URL)."""

    reuse_verdict = forms.BooleanField(label="Reuse the verdict and close the claim", required=False)


class IdListField(forms.TypedMultipleChoiceField):
    """Ticked ids: any whole number in the id range is valid (the service answers per id)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(coerce=int, choices=(), **kwargs)  # type: ignore[arg-type]

    def valid_value(self, value: object) -> bool:
        text = str(value)
        return text.isdigit() and 0 < int(text) <= ID_MAX


class MatchBulkForm(forms.Form):
    action = forms.ChoiceField(label="Action", choices=[(BulkAction.CONFIRM, "Confirm"), (BulkAction.REJECT, "Reject")])
    # Not "matches": a form control of that name would shadow the form element's matches() method,
    # which htmx calls on every element.
    picked = IdListField(label="Matches", error_messages={"required": "Tick at least one match."})
    reuse_verdict = forms.BooleanField(label="Reuse the verdicts", required=False)

    def clean_picked(self) -> list[int]:
        ids: list[int] = self.cleaned_data["picked"]
        if len(ids) > BULK_LIMIT:
            raise forms.ValidationError(f"At most {BULK_LIMIT} matches at once.")
        return ids
