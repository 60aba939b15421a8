"""Every page of the portal passes axe-core (WCAG 2.1 A + AA) in Swedish and in English, on a phone.

New features add their pages to PAGES. Third-party admin UIs (/cms/, /admin/) are out of scope.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import hours_steps
import pytest
from axe import assert_no_axe_violations
from playwright.sync_api import BrowserContext, Page, expect
from support import DEMO_USERS, LANGUAGES, PHONE
from test_support import strongly_logged_in_at


def _wrong_password(page: Page) -> None:
    page.locator("#id_username").fill("JOSA9804")
    page.locator("#id_password").fill("fel-lösenord")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()


def _click_first(selector: str) -> Callable[[Page], None]:
    def click(page: Page) -> None:
        page.locator(selector).first.click()
        page.wait_for_load_state()

    return click


def _book_over_the_rules(page: Page) -> None:
    """From the board to the first open shift's candidates, then to booking someone over the rules."""
    _click_first("main .shift-card__action")(page)
    _click_first("main a.candidate__action")(page)


def _need_with_warning(page: Page) -> None:
    """A 15-hour need: the working-time warning appears beside the times as they are filled in."""
    page.locator("#id_starts").fill("06:00")
    page.locator("#id_ends").fill("21:00")
    expect(page.locator("#need-warnings .need-warnings")).to_be_visible()


def _feedback_comment_step(page: Page) -> None:
    """The page feedback box after "Yes": the thank-you and the comment field."""
    page.locator("#sidrespons button[name=helpful][value=yes]").click()
    expect(page.locator("#sidrespons")).to_have_attribute("data-state", "comment")


def _feedback_too_long(page: Page) -> None:
    """The comment step with its error message (a comment over the limit)."""
    _feedback_comment_step(page)
    page.locator("#sidrespons-kommentar").evaluate("element => element.removeAttribute('maxlength')")
    page.locator("#sidrespons-kommentar").fill("x" * 1001)
    page.locator("#sidrespons button[type=submit]").click()
    expect(page.locator("#sidrespons .field__error")).to_be_visible()


def _quiz_unanswered(page: Page) -> None:
    """A course quiz sent with no answers: the error summary and a message beside each question."""
    page.locator("#quiz button[type=submit]").click()
    expect(page.locator("#quiz .error-summary")).to_be_visible()


def _quiz_failed(page: Page) -> None:
    """The first answer to every question (wrong for two of the three): the failed-quiz state."""
    for question in page.locator("fieldset.quiz-question").all():
        question.locator("input").first.check()
    page.locator("#quiz button[type=submit]").click()
    expect(page.locator("fieldset.quiz-question--wrong").first).to_be_visible()


def _offer_send_shift(page: Page) -> None:
    """From the board (from the day after tomorrow: a shift that has started cannot be offered) to
    the first shift's candidates, then to sending it as an offer."""
    later = (dt.datetime.now(tz=dt.UTC).date() + dt.timedelta(days=2)).isoformat()
    page.goto(f"/bemanning/tavla/?first_day={later}")
    _click_first("main .shift-card__action")(page)
    _click_first("#send-offer")(page)


def _send_out_with_failed_sms(page: Page) -> None:
    """From the list of send-outs to the demo's one in which an SMS failed. Its resend button shows
    only while the offer is open: another test may already have filled the shift (Sara says JA)."""
    for href in [link.get_attribute("href") for link in page.locator("main table a").all()]:
        page.goto(str(href))
        if page.locator('[data-sms="failed"]').count():
            expect(page.locator('[data-sms="failed"] .sms-state--failed')).to_be_visible()
            return
    raise AssertionError("no demo send-out has a failed SMS")


def _to_engagement_end(page: Page) -> None:
    """From HR's search to the person and on to the confirmation of ending the engagement."""
    _click_first("main tbody a")(page)
    _click_first("main a.button")(page)


def _engagement_end_unticked(page: Page) -> None:
    """The confirmation sent without ticking the box: the error summary, nothing ended."""
    _to_engagement_end(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()


def _group_message_preview(page: Page) -> None:
    """The compose form filled in (the demo's first workplace) and previewed: count, parts, cost."""
    page.locator("#id_text").fill("Vi behöver folk i morgon förmiddag. Svara om du kan.")
    page.locator("#id_workplace").select_option(index=1)
    page.locator('button[value="preview"]').click()
    expect(page.locator("#preview-heading")).to_be_visible()


def _group_message_empty(page: Page) -> None:
    """The compose form previewed without a text: the error summary, nothing sent."""
    page.locator('button[value="preview"]').click()
    expect(page.locator(".error-summary")).to_be_visible()


_TODAY = dt.datetime.now(tz=dt.UTC).date()
_WEEKS_FROM, _WEEKS_TO = _TODAY - dt.timedelta(days=28), _TODAY + dt.timedelta(days=14)


@dataclass(frozen=True)
class PortalPage:
    name: str
    path: str
    user: str | None = None  # a DEMO_USERS key: the page is seen logged in as that person
    status: int = 200
    lang: str | None = None  # the page's own language, whatever the visitor chose (the English pages)
    then: Callable[[Page], None] | None = field(default=None, compare=False)  # e.g. submit a form


def _certificate_flags(page: Page) -> None:
    """The demo's released certificate: one correction flag handled, one with HR's form."""
    expect(page.locator("form[action*='/rattelser/']")).to_have_count(1)
    expect(page.locator("#corrected-title ~ ul > li")).to_have_count(2)


def _certificate_flag_unanswered(page: Page) -> None:
    """The flag's form sent without an outcome: the page again with the error."""
    page.locator("form[action*='/rattelser/'] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_be_visible()


def _period_reconciliation(page: Page) -> None:
    """From the export page to the status page of the period it opens on, then its reconciliation."""
    _click_first("main a[href^='/lon/perioder/']")(page)
    _click_first("main a[href$='/avstamning/']")(page)


def _payroll_correction(page: Page) -> None:
    """From the export page to its period's status page; the demo substitute's first exported shift
    there (or in an earlier period), found by username, and its correction page."""
    _click_first("main a[href^='/lon/perioder/']")(page)
    for _month in range(12):
        page.locator("#period-person").fill(DEMO_USERS["substitute"])
        page.locator("#period-find-shift button[type=submit]").click()
        page.wait_for_load_state()
        if page.locator("#period-person-shifts a").count():
            break
        _click_first("main .period-nav a")(page)  # the previous period
    _click_first("#period-person-shifts a")(page)
    expect(page.locator("#correction-lines")).to_be_visible()


def _payroll_correction_errors(page: Page) -> None:
    """The correction form sent unchanged and with no reason: the error summary."""
    _payroll_correction(page)
    page.locator("#correction-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_be_visible()


def _series_book(page: Page) -> None:
    """From the board, narrowed to the demo manager's first workplace (the demo's repeating need with
    her wish), to booking the whole series, checked for the wished-for substitute."""
    page.locator("#id_workplace").select_option(label="Solbackens äldreboende")
    page.locator("main form.shift-filter button[type=submit]").click()
    page.wait_for_load_state()
    _click_first("main a.shift-card__series")(page)
    _click_first("main form.form button[type=submit]")(page)
    expect(page.locator("#series-shifts")).to_be_visible()


def _series_book_other(page: Page) -> None:
    """The series checked for the last of the pool by name (most likely not introduced there): the
    shifts that fail, with their reasons."""
    _series_book(page)
    options = page.locator("#id_substitute option")
    page.locator("#id_substitute").select_option(index=options.count() - 1)
    _click_first("main form.form button[type=submit]")(page)
    expect(page.locator("#series-shifts")).to_be_visible()


def _proposal_swap(page: Page) -> None:
    """From the proposals to the demo's proposal, then to swapping its first assignment."""
    _click_first("main .proposal-list a")(page)
    _click_first("main .proposal-item a[href$='/byt/']")(page)


PAGES = [
    PortalPage("start", "/"),
    PortalPage("start-substitute", "/", user="substitute"),
    PortalPage("faq", "/fragor-och-svar/"),
    PortalPage("login", "/konto/logga-in/"),
    # The pages the law requires, linked from every page's footer (intranet migration 0007).
    PortalPage("accessibility-statement", "/tillganglighetsredogorelse/"),
    PortalPage("privacy-notice", "/behandling-av-personuppgifter/"),
    PortalPage("cookies", "/kakor/"),
    PortalPage("accessibility-statement-en", "/en/accessibility-statement/", lang="en"),
    PortalPage("privacy-notice-en", "/en/personal-data/", lang="en"),
    PortalPage("cookies-en", "/en/cookies/", lang="en"),
    PortalPage("login-error", "/konto/logga-in/", then=_wrong_password),
    PortalPage("profile-substitute", "/konto/mina-uppgifter/", user="substitute"),
    PortalPage("profile-manager", "/konto/mina-uppgifter/", user="manager"),
    PortalPage("notices-substitute", "/konto/mina-uppgifter/aviseringar/", user="substitute"),
    PortalPage("not-found", "/finns-inte/", status=404),
    PortalPage("not-found-logged-in", "/finns-inte/", user="substitute", status=404),
    # The SMS outbox is for the staffing centre and administrators: a substitute gets the 403 page.
    PortalPage("outbox", "/notifications/utskick/", user="staffing_centre"),
    PortalPage("forbidden", "/notifications/utskick/", user="substitute", status=403),
    # Page feedback at the foot of every intranet page: the comment step, and its error message.
    PortalPage("feedback-comment", "/fragor-och-svar/", then=_feedback_comment_step),
    PortalPage("feedback-comment-error", "/fragor-och-svar/", then=_feedback_too_long),
    # Fråga lönesupport: the substitute's pages after a strong login (password + SMS code), payroll's
    # queue; demo case 2 is JOSA9804's, waiting for her answer, with an attachment and a note.
    PortalPage("support-home", "/lonesupport/", then=strongly_logged_in_at("/lonesupport/")),
    PortalPage("support-new", "/lonesupport/nytt/", then=strongly_logged_in_at("/lonesupport/nytt/")),
    PortalPage(
        "support-case", "/lonesupport/arenden/2/", then=strongly_logged_in_at("/lonesupport/arenden/2/")
    ),
    PortalPage("support-queue", "/lonesupport/ko/", user="payroll"),
    PortalPage("support-staff-case", "/lonesupport/ko/2/", user="payroll"),
    PortalPage("support-ratings", "/lonesupport/ko/betyg/", user="payroll"),
    # The substitute's shifts, availability and calendar feed; the staffing centre's pool (staffing).
    PortalPage("my-shifts", "/bemanning/mina-pass/", user="substitute"),
    PortalPage(
        "my-shift", "/bemanning/mina-pass/", user="substitute", then=_click_first("main .mypages-booking a")
    ),
    PortalPage("my-calendar", "/bemanning/mina-pass/kalender/", user="substitute"),
    PortalPage("my-history", "/bemanning/mina-pass/historik/", user="substitute"),
    PortalPage("my-calendar-feed", "/bemanning/mina-pass/prenumerera/", user="substitute"),
    PortalPage("my-availability", "/bemanning/tillganglighet/", user="substitute"),
    PortalPage(
        "my-availability-period-error",
        "/bemanning/tillganglighet/ny-period/",
        user="substitute",
        then=_click_first("main form button[type=submit]"),
    ),
    PortalPage("my-availability-weekly", "/bemanning/tillganglighet/nytt-veckomonster/", user="substitute"),
    PortalPage("pool", "/bemanning/vikariepoolen/", user="staffing_centre"),
    PortalPage(
        "pool-substitute",
        "/bemanning/vikariepoolen/",
        user="staffing_centre",
        then=_click_first("table.mypages-pool tbody a"),
    ),
    # Managers' shift needs; the staffing centre's board, a shift's candidates and booking over the rules.
    PortalPage("shift-needs", "/bemanning/behov/", user="manager"),
    PortalPage(
        "shift-need", "/bemanning/behov/", user="manager", then=_click_first("main .shift-card__time")
    ),
    PortalPage("shift-need-new", "/bemanning/behov/nytt/", user="manager"),
    PortalPage("shift-need-new-warning", "/bemanning/behov/nytt/", user="manager", then=_need_with_warning),
    PortalPage(
        "shift-need-new-errors",
        "/bemanning/behov/nytt/",
        user="manager",
        then=_click_first("main form button[type=submit]"),
    ),
    PortalPage("booking-board", "/bemanning/tavla/", user="staffing_centre"),
    PortalPage(
        "shift-candidates",
        "/bemanning/tavla/",
        user="staffing_centre",
        then=_click_first("main .shift-card__action"),
    ),
    PortalPage(
        "shift-book-override",
        "/bemanning/tavla/",
        user="staffing_centre",
        then=_book_over_the_rules,
    ),
    # Introduction trainings: the course list, a course with its quiz (unanswered, failed), the
    # substitute's overview and the staffing centre's follow-up. JOSA9804 has not taken this course.
    PortalPage("trainings", "/introduktionsutbildningar/"),
    PortalPage("course", "/introduktionsutbildningar/lakemedelshantering-delegering/", user="substitute"),
    PortalPage(
        "course-quiz-unanswered",
        "/introduktionsutbildningar/lakemedelshantering-delegering/",
        user="substitute",
        then=_quiz_unanswered,
    ),
    PortalPage(
        "course-quiz-failed",
        "/introduktionsutbildningar/lakemedelshantering-delegering/",
        user="substitute",
        then=_quiz_failed,
    ),
    PortalPage("my-trainings", "/utbildning/mina/", user="substitute"),
    PortalPage("training-follow-up", "/utbildning/uppfoljning/", user="staffing_centre"),
    PortalPage(
        "training-follow-up-missing", "/utbildning/uppfoljning/?status=missing", user="staffing_centre"
    ),
    # Intranet news, job ads and search (the demo's content; "kock" is the closed ad).
    PortalPage("news", "/nyheter/"),
    PortalPage("news-page-2", "/nyheter/?page=2"),
    PortalPage("news-item", "/nyheter/vikarieportalen-flyttar-till-internwebben/"),
    PortalPage("news-item-aimed", "/nyheter/studiedag-i-grundskolan/", user="staffing_centre"),
    PortalPage("job-ads", "/lediga-jobb/"),
    PortalPage("job-ad", "/lediga-jobb/barnskotare-ugglan/", user="substitute"),
    PortalPage("job-ad-closed", "/lediga-jobb/kock-kvarnbacken/"),
    PortalPage("search", "/intranat/sok/?q=semester"),
    PortalPage("search-empty", "/intranat/sok/"),
    PortalPage("search-no-hits", "/intranat/sok/?q=zxqv"),
    PortalPage("search-too-long", "/intranat/sok/?q=" + "x" * 300),
    # More workplaces: the substitute's page (and its errors), a request; the staffing centre's and the
    # manager's queues, a request with its decision form and its errors (Decline without a note).
    PortalPage("requests-mine", "/bemanning/fler-arbetsplatser/", user="substitute"),
    PortalPage(
        "requests-mine-errors",
        "/bemanning/fler-arbetsplatser/",
        user="substitute",
        then=_click_first("#request-form button[type=submit]"),
    ),
    PortalPage(
        "requests-mine-detail",
        "/bemanning/fler-arbetsplatser/",
        user="substitute",
        then=_click_first("#open-requests a"),
    ),
    PortalPage("requests-staff", "/bemanning/arbetsplatsonskemal/", user="staffing_centre"),
    PortalPage(
        "requests-staff-detail",
        "/bemanning/arbetsplatsonskemal/",
        user="staffing_centre",
        then=_click_first("#to-review .wpreq-item a"),
    ),
    # Demo request 2 is JOSA9804's for anywhere in home care (the staffing centre picks the
    # workplace); request 1 is hers for Förskolan Snäckan, waiting with EKAA7221.
    PortalPage(
        "requests-staff-detail-errors",
        "/bemanning/arbetsplatsonskemal/2/",
        user="staffing_centre",
        then=_click_first("#review-form button[value=decline]"),
    ),
    PortalPage("requests-manager", "/bemanning/chef/arbetsplatsonskemal/", user="manager"),
    PortalPage(
        "requests-manager-detail",
        "/bemanning/chef/arbetsplatsonskemal/",
        user="manager",
        then=_click_first("#to-decide .wpreq-item a"),
    ),
    PortalPage(
        "requests-manager-detail-errors",
        "/bemanning/chef/arbetsplatsonskemal/1/",
        user="manager",
        then=_click_first("#decision-form button[value=decline]"),
    ),
    # Certificates (intyg): Mina intyg and an order form after a strong login, HR's queue and an
    # order, the public check.
    PortalPage("certificates-home", "/intyg/", then=strongly_logged_in_at("/intyg/")),
    PortalPage(
        "certificates-order",
        "/intyg/bestall/arbetsgivarintyg/",
        then=strongly_logged_in_at("/intyg/bestall/arbetsgivarintyg/"),
    ),
    # Demo certificate 1 is JOSA9804's released employer certificate, flagged by two corrections of
    # hours (one handled, one with HR's form); 2 waits in HR's queue. The order form with its errors
    # is checked in e2e/test_certificates.py.
    PortalPage("certificates-detail", "/intyg/1/", then=strongly_logged_in_at("/intyg/1/")),
    PortalPage("certificates-detail-waiting", "/intyg/2/", then=strongly_logged_in_at("/intyg/2/")),
    PortalPage("certificates-queue", "/intyg/ko/", user="hr"),
    PortalPage("certificates-queue-all", "/intyg/ko/?status=released", user="hr"),
    PortalPage("certificates-staff-order", "/intyg/ko/2/", user="hr"),
    PortalPage("certificates-staff-released", "/intyg/ko/1/", user="hr", then=_certificate_flags),
    PortalPage("certificates-staff-flag-error", "/intyg/ko/1/", user="hr", then=_certificate_flag_unanswered),
    PortalPage("certificates-verify", "/intyg/kontroll/"),
    PortalPage("certificates-verify-forged", "/intyg/kontroll/?nummer=INT-2026-999999&kod=ABCD-EFGH-JKMN"),
    PortalPage("certificates-verify-errors", "/intyg/kontroll/?nummer=&kod=", status=400),
    # Approval of worked hours (attest): EKAA7221's waiting shifts (the demo leaves three days' worth),
    # one of them (and its form sent without an end time), and last week's first approved shift.
    PortalPage("hours-list", "/bemanning/attest/", user="manager"),
    PortalPage("hours-detail", "/bemanning/attest/", user="manager", then=hours_steps.hours_detail),
    PortalPage(
        "hours-detail-errors", "/bemanning/attest/", user="manager", then=hours_steps.hours_detail_errors
    ),
    PortalPage("hours-approved", "/bemanning/attest/", user="manager", then=hours_steps.hours_approved),
    # Offers (förfrågan): the staffing centre's send-outs, a send-out, the set and one-shift send pages
    # (from the board's first shift), the set page with its errors; the substitute's list and an offer.
    PortalPage("offers-sends", "/bemanning/forfragningar/", user="staffing_centre"),
    PortalPage(
        "offers-send-detail",
        "/bemanning/forfragningar/",
        user="staffing_centre",
        then=_click_first("main table a"),
    ),
    PortalPage(
        "offers-send-detail-failed-sms",
        "/bemanning/forfragningar/",
        user="staffing_centre",
        then=_send_out_with_failed_sms,
    ),
    PortalPage("offers-send-set", "/bemanning/forfragningar/ny/", user="staffing_centre"),
    PortalPage(
        "offers-send-set-errors",
        "/bemanning/forfragningar/ny/",
        user="staffing_centre",
        then=_click_first("#offer-set-form button[type=submit]"),
    ),
    PortalPage(
        "offers-send-shift",
        "/bemanning/tavla/",
        user="staffing_centre",
        then=_offer_send_shift,
    ),
    PortalPage("my-offers", "/bemanning/mina-forfragningar/", user="substitute"),
    PortalPage(
        "offer-page",
        "/bemanning/mina-forfragningar/",
        user="substitute",
        then=_click_first("main a[href^='/f/']"),
    ),
    # A series offer (issue 17): its shifts behind one link, accept the ticked ones or decline all.
    PortalPage(
        "offer-series-page",
        "/bemanning/mina-forfragningar/",
        user="substitute",
        then=_click_first("main a[href^='/f/s/']"),
    ),
    # Payroll export (the demo exported every pay period that is over; the flow is in test_export.py),
    # and the status page of the period the export page opens on (the demo's late lines are in the next).
    PortalPage("payroll-export", "/lon/export/", user="payroll"),
    PortalPage(
        "payroll-period-status",
        "/lon/export/",
        user="payroll",
        then=_click_first("main a[href^='/lon/perioder/']"),
    ),
    PortalPage("payroll-period-reconciliation", "/lon/export/", user="payroll", then=_period_reconciliation),
    # A correction of exported hours (issue 22): payroll finds the demo substitute's shift from the
    # period page; the form sent unchanged gives its errors. Mina timmar after a strong login.
    PortalPage("payroll-correction", "/lon/export/", user="payroll", then=_payroll_correction),
    PortalPage("payroll-correction-errors", "/lon/export/", user="payroll", then=_payroll_correction_errors),
    PortalPage("my-hours", "/lon/mina-timmar/", then=strongly_logged_in_at("/lon/mina-timmar/")),
    # LAS days: JOSA9804's own count (nearing the SÄV limit in the demo), the staffing centre's list.
    PortalPage("my-las", "/bemanning/mina-pass/las/", user="substitute"),
    PortalPage("las-list", "/bemanning/las/", user="staffing_centre"),
    PortalPage("las-list-filter-error", "/bemanning/las/?state=fel", user="staffing_centre"),
    # Mina personuppgifter (GDPR art. 15): JOSA9804's own data, after a strong login.
    PortalPage(
        "my-personal-data",
        "/konto/personuppgifter/mina/",
        then=strongly_logged_in_at("/konto/personuppgifter/mina/"),
    ),
    # HR: a substitute's engagement (privacy.leavers): the search, the person, the confirmation of
    # ending it and its error (the box not ticked). Nothing is ended.
    PortalPage("hr-engagements", "/konto/hr/vikarier/?q=JOSA9804", user="hr"),
    PortalPage("hr-person", "/konto/hr/vikarier/?q=JOSA9804", user="hr", then=_click_first("main tbody a")),
    PortalPage("hr-engagement-end", "/konto/hr/vikarier/?q=JOSA9804", user="hr", then=_to_engagement_end),
    PortalPage(
        "hr-engagement-end-error", "/konto/hr/vikarier/?q=JOSA9804", user="hr", then=_engagement_end_unticked
    ),
    PortalPage("series-book", "/bemanning/tavla/", user="staffing_centre", then=_series_book),
    PortalPage("series-book-other", "/bemanning/tavla/", user="staffing_centre", then=_series_book_other),
    # Who is free (staffing.overview): the week as a phone's day list, a day's people, a too long range.
    PortalPage("who-is-free", "/bemanning/vem-ar-ledig/", user="staffing_centre"),
    PortalPage(
        "who-is-free-day",
        "/bemanning/vem-ar-ledig/",
        user="staffing_centre",
        then=_click_first("main .overview-days .overview-count"),
    ),
    PortalPage(
        "who-is-free-errors",
        "/bemanning/vem-ar-ledig/?first_day=2026-01-01&last_day=2026-03-01&area=moon",
        user="staffing_centre",
    ),
    # The staffing proposal (issue 18): the list and form, its error summary, the demo's proposal
    # under review, and swapping one of its assignments.
    PortalPage("proposal-list", "/bemanning/forslag/", user="staffing_centre"),
    PortalPage(
        "proposal-list-errors",
        "/bemanning/forslag/",
        user="staffing_centre",
        then=_click_first("main form button[type=submit]"),
    ),
    PortalPage(
        "proposal-review",
        "/bemanning/forslag/",
        user="staffing_centre",
        then=_click_first("main .proposal-list a"),
    ),
    PortalPage(
        "proposal-swap",
        "/bemanning/forslag/",
        user="staffing_centre",
        then=_proposal_swap,
    ),
    # Group messages (utskick) and the SMS inbox (staffing/messages): the list, composing, the
    # preview and its error, one message with its replies, and the inbox.
    PortalPage("group-messages", "/bemanning/utskick/", user="staffing_centre"),
    PortalPage("group-message-new", "/bemanning/utskick/nytt/", user="staffing_centre"),
    PortalPage(
        "group-message-preview",
        "/bemanning/utskick/nytt/",
        user="staffing_centre",
        then=_group_message_preview,
    ),
    PortalPage(
        "group-message-error", "/bemanning/utskick/nytt/", user="staffing_centre", then=_group_message_empty
    ),
    PortalPage(
        "group-message-detail",
        "/bemanning/utskick/",
        user="staffing_centre",
        then=_click_first("main tbody a"),
    ),
    PortalPage("group-inbox", "/bemanning/inkorg/", user="staffing_centre"),
    PortalPage("group-inbox-handled", "/bemanning/inkorg/?visa=handled", user="staffing_centre"),
    # Statistik: this month for the staffing centre (charts and tables), per week, a manager's own
    # workplaces, and a period over three years (the message, no figures).
    PortalPage("statistics", "/statistik/", user="staffing_centre"),
    PortalPage(
        "statistics-weeks", "/statistik/?first_day=2026-01-01&last_day=2026-03-31&step=week", user="hr"
    ),
    PortalPage("statistics-manager", "/statistik/", user="manager"),
    PortalPage(
        "statistics-error", "/statistik/?first_day=2020-01-01&last_day=2026-01-01", user="staffing_centre"
    ),
    # The audit log with its details column.
    PortalPage("audit-log", "/konto/granskningslogg/", user="admin"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("portal_page", PAGES, ids=lambda p: p.name)
def test_page_has_no_axe_violations(
    new_context: Callable[..., BrowserContext], portal_page: PortalPage, language: str
) -> None:
    page = new_context(user=portal_page.user, language=language).new_page()
    response = page.goto(portal_page.path)
    assert response is not None
    assert response.status == portal_page.status, f"{portal_page.path}: HTTP {response.status}"
    expect(page.locator("html")).to_have_attribute("lang", portal_page.lang or language)
    if portal_page.then is not None:
        portal_page.then(page)
    assert_no_axe_violations(page)
    # Mobile first: nothing makes the page wider than the phone (wide tables scroll in their region).
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{portal_page.path}: {width} px wide on a {PHONE['width']} px phone"
