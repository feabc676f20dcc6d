from __future__ import annotations

from django import forms, template
from django.template.base import FilterExpression, Parser, Token
from django.utils.html import format_html, format_html_join
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


def _column_head(spec: str) -> SafeString:
    """One ``<th>`` from a column spec: ``"Claims"``, ``"Claims:num"`` (right-aligned figures) or
    ``"Actions:hidden"`` (a heading only screen readers announce)."""
    label, _, kind = spec.partition(":")
    if kind == "num":
        return format_html('<th scope="col" class="num">{}</th>', label)
    if kind == "hidden":
        return format_html('<th scope="col"><span class="visually-hidden">{}</span></th>', label)
    return format_html('<th scope="col">{}</th>', label)


class DataTableNode(template.Node):
    def __init__(
        self, columns: list[FilterExpression], options: dict[str, FilterExpression], body: template.NodeList
    ) -> None:
        self.columns, self.options, self.body = columns, options, body

    def render(self, context: template.Context) -> SafeString:
        heads = SafeString("".join(_column_head(str(column.resolve(context))) for column in self.columns))
        css = self.options.get("css")
        caption = self.options.get("caption")
        select = self.options.get("select")
        select_label = select.resolve(context) if select else ""
        return format_html(
            '<div class="table-wrap"><table{}>{}<thead><tr>{}{}</tr></thead><tbody>{}</tbody></table></div>',
            format_html(' class="{}"', css.resolve(context)) if css else "",
            format_html('<caption class="visually-hidden">{}</caption>', caption.resolve(context)) if caption else "",
            format_html(
                '<th scope="col" class="select"><input type="checkbox" id="select-page" aria-label="{}"></th>',
                select_label,
            )
            if select_label
            else "",
            heads,
            self.body.render(context),
        )


@register.tag(name="data_table")
def data_table(parser: Parser, token: Token) -> DataTableNode:
    """The one way a list page draws a table: the scrolling wrapper, the column headings (see
    :func:`_column_head`; an empty one is a blank heading), and the rows between the tags as the body::

        {% data_table "Article" "Claims:num" "Actions:hidden" css="stack-table" caption="…" %}
          {% for article in articles %}<tr>…</tr>{% endfor %}
        {% enddata_table %}

    ``select="Select every claim on this page"`` adds a first column headed by a box that ticks
    every row of the page (``#select-page``, static/js/queue.js); left out when the label is empty
    (``select=bulk_form|yesno:"…,"`` for a table that has it only with the bulk bar).
    """
    columns: list[FilterExpression] = []
    options: dict[str, FilterExpression] = {}
    for bit in token.split_contents()[1:]:
        name, equals, value = bit.partition("=")
        if equals and name in ("css", "caption", "select"):
            options[name] = parser.compile_filter(value)
        else:
            columns.append(parser.compile_filter(bit))
    body = parser.parse(("enddata_table",))
    parser.delete_first_token()
    return DataTableNode(columns, options, body)
