"""Explanations render as Markdown, and nothing active survives the sanitiser."""

import lxml.html
import pytest

from factcheck.markdown import render_markdown


def active_parts(html: str) -> list[str]:
    """Elements and attributes a browser would run: script-ish tags, handlers, dangerous URLs."""
    found = []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter():
        if element.tag in {"script", "svg", "iframe", "object", "embed", "img", "style", "math"}:
            found.append(element.tag)
        for name, value in element.attrib.items():
            if name.startswith("on") or value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"{element.tag}[{name}]")
    return found


def test_markdown_renders_emphasis_lists_and_links():
    html = render_markdown("**Budget** was *lower*.\n\n- one\n- two\n\n[source](https://example.org/a)")
    assert "<strong>Budget</strong>" in html and "<em>lower</em>" in html and "<li>one</li>" in html
    assert '<a href="https://example.org/a" rel="nofollow noopener noreferrer">source</a>' in html


@pytest.mark.parametrize(
    "payload, label",
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ("[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data:text/html"),
        ("<svg><script>alert(1)</script></svg>", "<svg"),
        ('<svg onload="alert(1)"><circle/></svg>', "onload"),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
        ('<a href="javascript:alert(1)">x</a>', 'href="javascript'),
        ("![x](javascript:alert(1))", "javascript:"),
    ],
)
def test_active_content_never_survives(payload, label):
    assert active_parts(render_markdown(payload)) == [], label


def test_a_safe_link_is_kept_and_a_javascript_link_loses_its_href():
    html = render_markdown("[ok](https://example.org) and <https://example.org/b>")
    assert active_parts(html) == [] and 'href="https://example.org"' in html


def test_raw_html_is_shown_as_text_not_rendered():
    assert "&lt;b&gt;bold&lt;/b&gt;" in render_markdown("<b>bold</b>")


def test_headings_are_shifted_below_the_page_title():
    assert "<h3>Findings</h3>" in render_markdown("# Findings")
