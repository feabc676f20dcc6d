from __future__ import annotations

from django import forms, template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from factcheck.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """``{{ verdict.explanation|markdown }}``: sanitised HTML."""
    return render_markdown(text)


@register.simple_tag
def field_groups(form: forms.BaseForm, names: str, css: str = "") -> SafeString:
    """``{% field_groups form "title outlet author" %}``: each named field's label, widget, help and
    errors (Django's ``as_field_group``) in a ``<div class="field">``, in the order given."""
    classes = " ".join(["field", css]).strip()
    return format_html_join(
        "\n", '<div class="{}">{}</div>', ((classes, form[name].as_field_group()) for name in names.split())
    )


@register.filter(name="sentence")
def sentence_filter(clauses: list[str] | tuple[str, ...]) -> str:
    """Clauses as one sentence: "Matches 'troops stationed in Japan'; numbers disagree: 60,000 vs 55,000."

    Clauses stored before reasons were clauses end with a full stop; it is dropped inside the sentence.
    """
    parts = [str(c).strip().rstrip(".").strip() for c in clauses if str(c).strip().rstrip(".").strip()]
    if not parts:
        return ""
    text = "; ".join(parts)
    return f"{text[0].upper()}{text[1:]}."


QUOTE_MARKS = "\"'“”‘’«»„"


@register.filter(name="claim_title")
def claim_title(claim: object) -> str:
    """``{{ claim|claim_title }}``: a claim as a heading, in quotation marks only when it is a quote
    (kind ``quote``) and not already quoted, so headings never show doubled marks."""
    text = str(getattr(claim, "text", "")).strip()
    if getattr(claim, "kind", "") != "quote" or (text[:1] in QUOTE_MARKS and text[-1:] in QUOTE_MARKS):
        return text
    return f"“{text}”"
