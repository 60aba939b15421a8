"""Introduction trainings in the browser: a substitute takes a course with a quiz, fails, passes; the
staffing centre sees the completion. On a phone, in Swedish (the demo's course texts)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect

HYGIENE = "Basala hygienrutiner i vård och omsorg"

# The demo quiz (demo/trainings.py HYGIENE_QUIZ): question start → the answers to tick.
RIGHT = {
    "När ska du desinfektera händerna?": ["Före och efter direkt kontakt"],
    "Vilka smycken får du bära": ["Inga – varken ringar"],
    "När ska du använda engångshandskar?": ["När det finns risk för kontakt", "När du byter ett använt"],
    "Hur ska dina arbetskläder vara?": ["Kortärmade"],
    "När använder du plastförkläde": ["När arbetskläderna kan komma"],
}
# Two wrong answers: the pass mark is 4 of 5.
WRONG = {
    "När ska du desinfektera händerna?": ["Bara när händerna ser smutsiga ut"],
    "Hur ska dina arbetskläder vara?": ["Långärmade"],
}


def _question(page: Page, start: str):  # type: ignore[no-untyped-def]
    return page.locator("fieldset.quiz-question", has_text=start)


def _answer(page: Page, answers: dict[str, list[str]]) -> None:
    for start, choices in answers.items():
        question = _question(page, start)
        for box in question.locator("input[type=checkbox]").all():
            box.uncheck()
        for choice in choices:
            question.locator("label", has_text=choice).locator("input").check()


def test_substitute_fails_then_passes_the_quiz_and_the_staffing_centre_sees_it(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(user="substitute").new_page()

    page.goto("/utbildning/mina/")
    remaining = page.locator("section", has=page.locator("#remaining-heading"))
    remaining.get_by_role("link", name=HYGIENE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HYGIENE)
    expect(page.locator("fieldset.quiz-question")).to_have_count(5)
    # Nothing in the page tells which answer is right.
    assert "correct" not in page.locator("#quiz").inner_html()

    _answer(page, RIGHT)
    _answer(page, WRONG)
    page.locator("#quiz button[type=submit]").click()
    expect(page.locator("#quiz .error-summary")).to_be_visible()
    expect(page.locator("fieldset.quiz-question--wrong")).to_have_count(2)
    expect(_question(page, "Hur ska dina arbetskläder vara?")).to_have_class(
        "quiz-question quiz-question--wrong"
    )
    expect(page.locator(".course-status--done")).to_have_count(0)

    # The answers stay chosen: only the two wrong ones need changing.
    _answer(page, {start: RIGHT[start] for start in WRONG})
    page.locator("#quiz button[type=submit]").click()
    expect(page.locator(".course-status--done")).to_be_visible()
    expect(page.locator("#quiz form")).to_have_count(0)
    assert page.url.split("#")[0].endswith("/introduktionsutbildningar/basala-hygienrutiner/")

    page.goto("/utbildning/mina/")
    completed = page.locator("section", has=page.locator("#completed-heading"))
    expect(completed.get_by_role("link", name=HYGIENE)).to_be_visible()
    expect(page.locator("section", has=page.locator("#remaining-heading"))).not_to_contain_text(HYGIENE)

    staff = new_context(user="staffing_centre").new_page()
    staff.goto("/utbildning/uppfoljning/")
    staff.locator("#id_course").select_option(label=HYGIENE)
    staff.locator("#id_q").fill("JOSA9804")
    staff.locator("main form[role=search] button[type=submit]").click()
    rows = staff.locator("section", has=staff.locator("#list-heading")).locator(".report-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Sara Johansson")
    expect(rows.first).to_contain_text("5/5")


def test_a_course_without_quiz_is_marked_complete_with_one_button(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(user="substitute").new_page()
    page.goto("/introduktionsutbildningar/dokumentation-och-sekretess/")
    expect(page.locator("fieldset.quiz-question")).to_have_count(0)
    page.locator("#quiz button[type=submit]").click()
    expect(page.locator(".course-status--done")).to_be_visible()
    expect(page.locator(".messages")).to_be_visible()
