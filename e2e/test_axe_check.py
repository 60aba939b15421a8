"""The axe check bites: known violations make it fail, naming the rules; a clean page passes."""

from __future__ import annotations

import pytest
from axe import AxeViolations, assert_no_axe_violations
from playwright.sync_api import Page

CLEAN = """<!DOCTYPE html><html lang="sv"><head><title>Ren sida</title></head>
<body><main><h1>Ren sida</h1>
<label for="name">Namn</label> <input id="name" type="text">
<p style="color:#1b1f24;background:#fff">Läsbar text</p></main></body></html>"""

UNLABELLED_INPUT = """<!DOCTYPE html><html lang="sv"><head><title>Formulär</title></head>
<body><main><h1>Formulär</h1><input type="text" id="anonymous"></main></body></html>"""

LOW_CONTRAST = """<!DOCTYPE html><html lang="sv"><head><title>Blek text</title></head>
<body><main><h1>Blek text</h1>
<p id="pale" style="color:#bbbbbb;background:#ffffff">Den här texten syns dåligt.</p></main></body></html>"""


def test_clean_page_passes(blank_page: Page) -> None:
    blank_page.set_content(CLEAN)
    assert_no_axe_violations(blank_page)


@pytest.mark.parametrize(
    ("html", "rule", "target"),
    [(UNLABELLED_INPUT, "label", "#anonymous"), (LOW_CONTRAST, "color-contrast", "#pale")],
    ids=["label", "color-contrast"],
)
def test_violation_fails_with_readable_report(blank_page: Page, html: str, rule: str, target: str) -> None:
    blank_page.set_content(html)
    with pytest.raises(AssertionError) as raised:
        assert_no_axe_violations(blank_page)
    assert isinstance(raised.value, AxeViolations)
    assert rule in raised.value.rule_ids
    report = str(raised.value)
    assert f"- {rule} [" in report  # rule id and impact
    assert f"at {target}" in report  # the selector to look at
