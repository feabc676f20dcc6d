"""The `data_table` tag: the one way list pages draw a table's wrapper and headings."""

from __future__ import annotations

from django.template import Context, Template


def render(source: str, **context: object) -> str:
    return Template("{% load workbench %}" + source).render(Context(context))


def test_headings_mark_figures_and_screen_reader_only_columns():
    html = render('{% data_table "Article" "Claims:num" "Actions:hidden" css="stack-table" %}{% enddata_table %}')
    assert html.startswith('<div class="table-wrap"><table class="stack-table"><thead><tr>')
    assert '<th scope="col">Article</th>' in html
    assert '<th scope="col" class="num">Claims</th>' in html
    assert '<th scope="col"><span class="visually-hidden">Actions</span></th>' in html


def test_rows_between_the_tags_are_the_body_and_a_caption_is_for_screen_readers():
    html = render(
        '{% data_table "Name" caption="People" %}{% for n in names %}<tr><td>{{ n }}</td></tr>{% endfor %}'
        "{% enddata_table %}",
        names=["Ada", "<b>"],
    )
    assert '<table><caption class="visually-hidden">People</caption>' in html
    assert "<tbody><tr><td>Ada</td></tr><tr><td>&lt;b&gt;</td></tr></tbody></table></div>" in html


def test_a_heading_from_a_variable_is_escaped():
    assert '<th scope="col">&lt;i&gt;</th>' in render("{% data_table label %}{% enddata_table %}", label="<i>")
