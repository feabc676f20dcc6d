"""The ``field_groups`` tag and the shared form-fields include render each field with its label and errors."""

from __future__ import annotations

from django import forms
from django.template import Context, Template


class _Form(forms.Form):
    title = forms.CharField(label="Title")
    note = forms.CharField(label="Note", required=False, help_text="Why it matters.")
    score = forms.IntegerField(label="Score")


def _render(source: str, form: forms.Form) -> str:
    return Template("{% load workbench %}" + source).render(Context({"form": form}))


def test_field_groups_renders_the_named_fields_in_the_order_given_with_their_errors() -> None:
    form = _Form(data={"title": "", "score": "x"})
    html = _render('{% field_groups form "note title" %}', form)
    assert html.index("Note") < html.index("Title")
    assert html.count('<div class="field">') == 2 and "Score" not in html
    assert "Why it matters." in html and "This field is required." in html


def test_field_groups_adds_the_extra_class() -> None:
    html = _render('{% field_groups form "score" css="narrow-field" %}', _Form())
    assert html.startswith('<div class="field narrow-field">') and 'name="score"' in html


def test_the_form_fields_include_shows_help_errors_and_non_field_errors() -> None:
    form = _Form(data={"title": "", "score": "1"})
    form.is_valid()
    form.add_error(None, "Give one or the other.")
    html = _render('{% include "_form_fields.html" %}', form)
    assert html.count('<div class="field">') == 3
    assert "Give one or the other." in html and "This field is required." in html and "Why it matters." in html
