"""Bounds every door shares for the values people type or send: ids, whole numbers.

A database id is a positive 64-bit integer. A larger number is not "no such row": SQLite
cannot even bind it (``OverflowError``), so every form, filter and serializer field that
takes an id caps it here and refuses the rest as invalid input naming the field.
"""

from __future__ import annotations

from typing import Any

from django import forms

ID_MIN = 1
ID_MAX = 2**63 - 1


def id_form_field(**kwargs: Any) -> forms.IntegerField:
    """A form field for a row id: a whole number from 1 to 2⁶³−1."""
    return forms.IntegerField(min_value=ID_MIN, max_value=ID_MAX, **kwargs)


class IdModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A ModelChoiceField whose value is an id: one beyond 2⁶³−1 is an invalid choice, not a
    database error (``ModelChoiceField`` catches ValueError but not SQLite's OverflowError)."""

    def to_python(self, value: Any) -> Any:
        text = str(value).strip() if value is not None else ""
        if not self.to_field_name and text.isdigit() and int(text) > ID_MAX:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
