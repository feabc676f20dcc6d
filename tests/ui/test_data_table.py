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


def test_an_empty_heading_is_a_blank_column():
    html = render('{% data_table flag|yesno:"Select:hidden," "Claim" %}{% enddata_table %}', flag=False)
    assert '<thead><tr><th scope="col"></th><th scope="col">Claim</th></tr></thead>' in html


def test_select_adds_a_box_that_ticks_the_page_only_when_labelled():
    source = '{% data_table "Claim" select=form|yesno:"Select every claim," %}{% enddata_table %}'
    html = render(source, form=object())
    assert (
        '<thead><tr><th scope="col" class="select"><input type="checkbox" id="select-page" '
        'aria-label="Select every claim"></th><th scope="col">Claim</th></tr></thead>'
    ) in html
    assert 'id="select-page"' not in render(source, form=None)
