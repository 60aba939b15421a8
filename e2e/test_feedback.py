"""Page feedback in a real browser: Yes → comment → Send without a reload, the same without JavaScript,
the editor's report in Wagtail's admin, and contact cards on a 320 px phone.

Buttons and fields are found by their place in the box (#sidrespons), not by their words, so the
tests hold whatever the Swedish catalogue says.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from axe import assert_no_axe_violations
from playwright.sync_api import BrowserContext, Page, expect

BOX = "#sidrespons"


def _comment_text(label: str) -> str:
    # Unique per run, so a test finds its own comment among the demo's and earlier runs'.
    return f"{label} {time.time_ns()}"


def test_yes_comment_send_without_reload(page: Page) -> None:
    page.goto("/fragor-och-svar/")
    page.evaluate("() => { window.notReloaded = true }")
    box = page.locator(BOX)
    expect(box).to_have_attribute("data-state", "ask")

    box.locator("button[name=helpful][value=yes]").click()
    expect(page.locator(BOX)).to_have_attribute("data-state", "comment")
    expect(page.locator(f"{BOX} .page-feedback__thanks")).to_be_focused()
    page.locator("#sidrespons-kommentar").fill(_comment_text("Tydligt svar, tack."))
    page.locator(f"{BOX} button[type=submit]").click()

    expect(page.locator(BOX)).to_have_attribute("data-state", "done")
    expect(page.locator(f"{BOX} .page-feedback__thanks")).to_be_focused()
    assert page.evaluate("() => window.notReloaded === true"), "the page was reloaded"
    assert page.url.endswith("/fragor-och-svar/")


def test_too_long_comment_is_explained_in_place(page: Page) -> None:
    page.goto("/fragor-och-svar/")
    page.locator(f"{BOX} button[name=helpful][value=no]").click()
    field = page.locator("#sidrespons-kommentar")
    expect(field).to_have_attribute("maxlength", "1000")
    # The browser stops typing at 1,000 characters; a pasted-in script or old browser does not.
    field.evaluate("element => element.removeAttribute('maxlength')")
    field.fill("x" * 1200)
    page.locator(f"{BOX} button[type=submit]").click()
    expect(page.locator(f"{BOX} .field__error")).to_contain_text("1200")
    expect(page.locator("#sidrespons-kommentar")).to_be_focused()
    expect(page.locator("#sidrespons-kommentar")).to_have_value("x" * 1200)


def test_without_javascript_the_same_with_page_loads(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    page.locator(f"{BOX} button[name=helpful][value=no]").click()
    expect(page.locator(BOX)).to_have_attribute("data-state", "comment")
    assert re.search(r"/\?sidrespons=[^#]+#sidrespons$", page.url), page.url
    page.locator("#sidrespons-kommentar").fill(_comment_text("Utan javascript."))
    page.locator(f"{BOX} button[type=submit]").click()
    expect(page.locator(BOX)).to_have_attribute("data-state", "done")
    assert page.url.endswith("/?sidrespons=tack#sidrespons")


def test_editor_sees_the_comment_and_marks_it_handled(
    page: Page, new_context: Callable[..., BrowserContext]
) -> None:
    comment = _comment_text("Saknar öppettider för helger.")
    page.goto("/fragor-och-svar/")
    page.locator(f"{BOX} button[name=helpful][value=yes]").click()
    page.locator("#sidrespons-kommentar").fill(comment)
    page.locator(f"{BOX} button[type=submit]").click()
    expect(page.locator(BOX)).to_have_attribute("data-state", "done")

    editor = new_context(user="editor", viewport={"width": 1280, "height": 900}).new_page()
    editor.goto("/cms/sidrespons/")
    assert_no_axe_violations(editor)
    editor.locator("#listing-results a", has_text="Frågor och svar").click()
    row = editor.locator("tr.feedback-comment", has_text=comment)
    expect(row).to_have_attribute("data-handled", "0")
    assert_no_axe_violations(editor)
    row.locator("button[type=submit]").click()
    row = editor.locator("tr.feedback-comment", has_text=comment)
    expect(row).to_have_attribute("data-handled", "1")
    expect(row).to_contain_text("Karin Västlund")

    editor.goto("/cms/granskning/")
    expect(editor.locator("#listing-results")).to_contain_text("Frågor och svar")
    assert_no_axe_violations(editor)


def test_contact_card_fits_320_px_and_breaks_the_address_at_the_at_sign(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto("/")
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 320
    link = page.locator(".contact-card__email", has_text="bemanningscentrum").first
    expect(link).to_be_visible()
    # Each side of the <wbr> stays whole: one box per text part, so no word is broken.
    rects = link.evaluate(
        """element => [...element.childNodes]
            .filter(node => node.nodeType === Node.TEXT_NODE)
            .map(node => { const range = document.createRange(); range.selectNodeContents(node);
                           return range.getClientRects().length; })"""
    )
    assert rects == [1, 1], rects
    expect(page.locator(".contact-card .open-status").first).to_be_visible()


def _htmx_loads(context: BrowserContext) -> list[str]:
    page = context.new_page()
    loads: list[str] = []
    page.on("request", lambda request: loads.append(request.url) if "htmx-2" in request.url else None)
    page.goto("/fragor-och-svar/")
    page.wait_for_load_state("networkidle")
    return loads


def test_htmx_is_loaded_once_even_where_the_page_has_its_own(
    new_context: Callable[..., BrowserContext],
) -> None:
    assert len(_htmx_loads(new_context())) == 1
    context = new_context()
    context.add_init_script("window.htmx = {process: function () {}}")  # as if <head> had loaded it
    assert _htmx_loads(context) == []
