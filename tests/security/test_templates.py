"""No template carries inline code or inline style: the Content Security Policy forbids both, so
any that slipped in would be dead in the browser (and a hole if the policy were ever loosened)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    p for p in ROOT.glob("**/templates/**/*.html") if not {".venv", "node_modules", "staticfiles"} & set(p.parts)
)

_TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.S)  # an opening tag, attributes and all
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_RULES = (
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on* event-handler attribute"),
    (re.compile(r"\sstyle\s*=", re.I), "a style= attribute"),
    (re.compile(r"\shx-on[:-]", re.I), "an hx-on attribute (code run through eval)"),
    (re.compile(r"""\s(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I), "a javascript: URL"),
)


def problems(text: str) -> list[str]:
    found = []
    for match in _SCRIPT.finditer(text):
        attributes, body = match.groups()
        if "application/ld+json" in attributes:
            continue  # data, not code: the policy never runs it (its contents come from json_script)
        if body.strip():
            found.append(f"line {text.count(chr(10), 0, match.start()) + 1}: an inline <script> with code")
        elif "src=" not in attributes:
            found.append(f"line {text.count(chr(10), 0, match.start()) + 1}: a <script> without src")
    for match in re.finditer(r"<style\b", text, re.I):
        found.append(f"line {text.count(chr(10), 0, match.start()) + 1}: a <style> element")
    for tag in _TAG.finditer(text):
        for rule, what in _RULES:
            if rule.search(tag.group()):
                found.append(f"line {text.count(chr(10), 0, tag.start()) + 1}: {what}")
    return found


def test_the_scan_finds_what_it_looks_for():
    bad = """<p style="color:red">x</p>\n<img src=x onerror="alert(1)">\n<script>alert(1)</script>
<button hx-on:click="alert(1)">b</button><a href="javascript:alert(1)">a</a><style>p{}</style><script></script>"""
    assert len(problems(bad)) == 7
    assert problems('<script type="application/ld+json">{"@type": "ClaimReview"}</script>') == []
    good = """<script src="{% static 'js/app.js' %}" defer></script><p class="note">one="two"</p>
<a href="/x" data-on="click">fine</a><input name="onboarding" value="x">"""
    assert problems(good) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_handlers_or_style(template):
    found = problems(template.read_text(encoding="utf-8"))
    assert not found, f"{template.relative_to(ROOT)}: " + "; ".join(found)
