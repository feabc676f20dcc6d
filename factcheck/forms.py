"""Turning a service's :class:`~factcheck.errors.DomainError` into a form error: one place for every form."""

from __future__ import annotations

from django import forms

from factcheck.errors import DomainError


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal on the form: next to its field when the form has that field, else above it."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
