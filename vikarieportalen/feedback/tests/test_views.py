"""The feedback box through HTTP: with and without htmx, bad input, throttling, privacy."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page

from vikarieportalen.core.roles import Role
from vikarieportalen.feedback.box import feedback_box_for_page
from vikarieportalen.feedback.models import PageFeedback
from vikarieportalen.feedback.rules import COMMENT_MAX_LENGTH
from vikarieportalen.feedback.tokens import TOKEN_MAX_AGE_SECONDS
from vikarieportalen.intranet.models import FaqPage
from vikarieportalen.intranet.tests.factories import FaqPageFactory
from vikarieportalen.testing import (
    INSIDE_ADDRESS,
    OUTSIDE_ADDRESS,
    assert_queries_do_not_grow,
    client_for,
    client_from,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
VOTE = "/sidrespons/"
COMMENT = "/sidrespons/kommentar/"


def sv(message: str, **params: Any) -> str:
    """A message as the Swedish page shows it (the msgid until the catalogue has it)."""
    with translation.override("sv"):
        text = gettext(message)
    return text % params if params else text


TOO_MUCH = "You have sent a lot of feedback in a short time. Wait a few minutes and try again."
UNKNOWN = "We could not tell which page you answered about. Reload the page and try again."
ANSWER = "Answer Yes or No."
EXPIRED = "Too much time has passed since you answered. Answer Yes or No again."
TOO_LONG = (
    "The comment can be at most %(limit_value)d characters long and yours has "
    "%(show_value)d. Shorten it and press Send again."
)


@pytest.fixture
def inside() -> Client:
    return client_from(INSIDE_ADDRESS)


@pytest.fixture
def faq() -> FaqPage:
    return FaqPageFactory()


def box_state(html: str) -> str:
    match = re.search(r'<section id="sidrespons"[^>]*data-state="(\w+)"', html)
    assert match, "no feedback box"
    return match.group(1)


def token_in(html: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match, "no comment token"
    return match.group(1)


def vote(client: Client, page: Page, helpful: str = "yes", **extra: Any) -> Any:
    return client.post(VOTE, {"page": page.pk, "helpful": helpful}, **extra)


# --- where the box is ------------------------------------------------------------------------


def test_every_wagtail_page_has_the_box(inside: Client, faq: FaqPage) -> None:
    for url, page in (
        ("/", Page.objects.get(depth=2, locale__language_code="sv")),
        ("/fragor-och-svar/", faq),
    ):
        html = inside.get(url).text
        assert box_state(html) == "ask"
        assert f'name="page" value="{page.pk}"' in html
        assert 'name="helpful" value="yes"' in html
        assert 'name="helpful" value="no"' in html
        assert "django_htmx/htmx-2.min.js" in html


def test_portal_pages_that_are_not_content_have_no_box(inside: Client) -> None:
    assert 'id="sidrespons"' not in inside.get("/konto/logga-in/").text
    assert 'id="sidrespons"' not in inside.get("/finns-inte/").text


def test_no_box_in_wagtail_preview(faq: FaqPage, rf: Any) -> None:
    request = rf.get("/fragor-och-svar/")
    request.user = AnonymousUser()
    request.in_municipal_network = True
    assert feedback_box_for_page(page=faq, request=request) is not None
    request.in_municipal_network = False  # outside, not logged in: the box could not be sent
    assert feedback_box_for_page(page=faq, request=request) is None
    request.in_municipal_network = True
    request.is_preview = True
    assert feedback_box_for_page(page=faq, request=request) is None
    assert feedback_box_for_page(page=object(), request=rf.get("/")) is None


def test_the_box_adds_no_queries_however_much_feedback_there_is(inside: Client, faq: FaqPage) -> None:
    def add_feedback() -> None:
        PageFeedback.objects.bulk_create(
            PageFeedback(page=faq, helpful=i % 2 == 0, comment=f"Kommentar {i}", given_on=dt.date(2026, 3, 2))
            for i in range(30)
        )

    assert_queries_do_not_grow(inside, "/fragor-och-svar/", add_feedback)


# --- the flow without JavaScript --------------------------------------------------------------


def test_without_javascript_yes_then_comment_with_full_page_posts(inside: Client, faq: FaqPage) -> None:
    response = vote(inside, faq, "yes")
    assert response.status_code == 303
    location = urlsplit(response["Location"])
    assert location.path == "/fragor-och-svar/"
    assert location.fragment == "sidrespons"
    token = parse_qs(location.query)["sidrespons"][0]

    feedback = PageFeedback.objects.get()
    assert (feedback.page_id, feedback.helpful, feedback.comment) == (faq.pk, True, "")

    page = inside.get(response["Location"]).text
    assert box_state(page) == "comment"
    assert token_in(page) == token
    assert (
        sv('Thank you! If you want to write a comment you can do it here. Otherwise just press "Send".')
        in page
    )

    response = inside.post(COMMENT, {"page": faq.pk, "token": token, "comment": "Bra svar, tack!"})
    assert response.status_code == 303
    assert response["Location"] == "/fragor-och-svar/?sidrespons=tack#sidrespons"
    assert box_state(inside.get(response["Location"]).text) == "done"
    feedback.refresh_from_db()
    assert feedback.comment == "Bra svar, tack!"


def test_a_no_is_counted_as_no(inside: Client, faq: FaqPage) -> None:
    vote(inside, faq, "no")
    assert PageFeedback.objects.get().helpful is False


def test_empty_comment_just_says_thanks_and_stores_nothing_more(inside: Client, faq: FaqPage) -> None:
    token = token_in(vote(inside, faq, headers=HTMX).text)
    response = inside.post(COMMENT, {"page": faq.pk, "token": token, "comment": "   "}, headers=HTMX)
    assert box_state(response.text) == "done"
    assert PageFeedback.objects.get().comment == ""


def test_a_stale_state_in_the_address_shows_the_question_again(inside: Client, faq: FaqPage) -> None:
    assert box_state(inside.get("/fragor-och-svar/?sidrespons=forged").text) == "ask"


def test_a_token_for_another_page_does_not_open_the_comment_step(inside: Client, faq: FaqPage) -> None:
    token = token_in(vote(inside, faq, headers=HTMX).text)
    assert box_state(inside.get(f"/?sidrespons={token}").text) == "ask"


# --- the flow with htmx ----------------------------------------------------------------------


def test_with_htmx_each_step_answers_with_the_box_only(inside: Client, faq: FaqPage) -> None:
    response = vote(inside, faq, "yes", headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<section id="sidrespons"')
    assert box_state(response.text) == "comment"
    assert 'hx-post="/sidrespons/kommentar/"' in response.text

    token = token_in(response.text)
    response = inside.post(
        COMMENT, {"page": faq.pk, "token": token, "comment": "Saknar telefontider."}, headers=HTMX
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert box_state(response.text) == "done"
    assert PageFeedback.objects.get().comment == "Saknar telefontider."


def test_a_second_comment_with_the_same_token_does_not_overwrite(inside: Client, faq: FaqPage) -> None:
    token = token_in(vote(inside, faq, headers=HTMX).text)
    inside.post(COMMENT, {"page": faq.pk, "token": token, "comment": "Första"}, headers=HTMX)
    response = inside.post(COMMENT, {"page": faq.pk, "token": token, "comment": "Andra"}, headers=HTMX)
    assert box_state(response.text) == "done"
    assert PageFeedback.objects.get().comment == "Första"


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_too_long_comment_is_refused_with_a_message_and_kept(
    inside: Client, faq: FaqPage, htmx: bool
) -> None:
    token = token_in(vote(inside, faq, headers=HTMX).text)
    text = "å" * (COMMENT_MAX_LENGTH + 1)
    response = inside.post(
        COMMENT, {"page": faq.pk, "token": token, "comment": text}, headers=HTMX if htmx else {}
    )
    assert response.status_code == (200 if htmx else 400)
    assert box_state(response.text) == "comment"
    assert sv(TOO_LONG, limit_value=1000, show_value=1001) in response.text
    assert f">{text}</textarea>" in response.text  # nothing typed is lost
    assert 'aria-invalid="true"' in response.text
    assert PageFeedback.objects.get().comment == ""


def test_enormous_comment_is_refused_quickly_and_not_echoed_whole(inside: Client, faq: FaqPage) -> None:
    token = token_in(vote(inside, faq, headers=HTMX).text)
    started = time.perf_counter()
    response = inside.post(COMMENT, {"page": faq.pk, "token": token, "comment": "x" * 1_000_000})
    assert time.perf_counter() - started < 2
    assert response.status_code == 400
    assert len(response.content) < 60_000
    assert PageFeedback.objects.get().comment == ""


def test_full_box_with_browser_line_breaks_is_accepted(inside: Client, faq: FaqPage) -> None:
    token = token_in(vote(inside, faq, headers=HTMX).text)
    sent = "\r\n".join(["123456789"] * 100)  # 999 characters in the box, 1098 on the wire
    response = inside.post(COMMENT, {"page": faq.pk, "token": token, "comment": sent}, headers=HTMX)
    assert box_state(response.text) == "done"
    assert len(PageFeedback.objects.get().comment) == 999


def test_html_and_script_are_stored_as_text_and_shown_escaped(inside: Client, faq: FaqPage) -> None:
    script = '<script>alert("x")</script><b>fet</b>'
    token = token_in(vote(inside, faq, headers=HTMX).text)
    inside.post(COMMENT, {"page": faq.pk, "token": token, "comment": script}, headers=HTMX)
    assert PageFeedback.objects.get().comment == script

    # Shown again in the box after an error: escaped.
    response = inside.post(VOTE, {"page": faq.pk, "helpful": "kanske", "comment": script}, headers=HTMX)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in response.text
    assert "<script>alert" not in response.text


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("page_value", ["999999", "abc", "", "-1", "99999999999999999999", "1"])
def test_unknown_page_is_refused_with_a_message(inside: Client, page_value: str, htmx: bool) -> None:
    # "1" is Wagtail's root: a page nobody reads.
    response = inside.post(VOTE, {"page": page_value, "helpful": "yes"}, headers=HTMX if htmx else {})
    assert response.status_code == (200 if htmx else 400)
    assert sv(UNKNOWN) in response.text
    assert 'role="alert"' in response.text
    assert not PageFeedback.objects.exists()


def test_a_draft_page_takes_no_feedback(inside: Client, faq: FaqPage) -> None:
    faq.unpublish()
    response = vote(inside, faq)
    assert response.status_code == 400
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize("value", ["maybe", "", "YES", "1", "<script>"])
def test_invalid_vote_is_refused_with_a_message(inside: Client, faq: FaqPage, value: str) -> None:
    response = vote(inside, faq, value)
    assert response.status_code == 400
    assert sv(ANSWER) in response.text
    assert box_state(response.text) == "ask"
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize("url", [VOTE, COMMENT])
def test_get_on_the_post_addresses_explains_and_changes_nothing(inside: Client, url: str) -> None:
    response = inside.get(url)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert (
        sv(
            "Feedback is given with the Yes and No buttons at the foot of each page. "
            "This address only receives those answers."
        )
        in response.text
    )
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_tampered_token_asks_again_and_keeps_the_comment(inside: Client, faq: FaqPage, htmx: bool) -> None:
    token = token_in(vote(inside, faq, headers=HTMX).text)
    response = inside.post(
        COMMENT,
        {"page": faq.pk, "token": token[:-3] + "abc", "comment": "Min text"},
        headers=HTMX if htmx else {},
    )
    assert box_state(response.text) == "ask"
    assert sv(EXPIRED) in response.text
    assert ">Min text</textarea>" in response.text
    assert PageFeedback.objects.get().comment == ""


def test_expired_comment_step_asks_again_and_the_vote_takes_the_comment(
    inside: Client, faq: FaqPage, time_machine: Any
) -> None:
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    token = token_in(vote(inside, faq, headers=HTMX).text)
    time_machine.shift(TOKEN_MAX_AGE_SECONDS + 1)
    response = inside.post(COMMENT, {"page": faq.pk, "token": token, "comment": "Sent svar"}, headers=HTMX)
    assert box_state(response.text) == "ask"
    assert ">Sent svar</textarea>" in response.text
    assert PageFeedback.objects.get().comment == ""

    response = inside.post(VOTE, {"page": faq.pk, "helpful": "no", "comment": "Sent svar"}, headers=HTMX)
    assert box_state(response.text) == "done"
    assert list(PageFeedback.objects.order_by("pk").values_list("helpful", "comment")) == [
        (True, ""),
        (False, "Sent svar"),
    ]


# --- who may answer -------------------------------------------------------------------------


def test_outside_the_network_without_login_goes_to_login_and_back(faq: FaqPage) -> None:
    outsider = client_from(OUTSIDE_ADDRESS)
    response = outsider.post(
        VOTE, {"page": faq.pk, "helpful": "yes"}, headers={"referer": "http://testserver/fragor-och-svar/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/konto/logga-in/?next=/fragor-och-svar/"
    assert not PageFeedback.objects.exists()


def test_outside_with_htmx_the_browser_is_sent_to_login(faq: FaqPage) -> None:
    response = client_from(OUTSIDE_ADDRESS).post(VOTE, {"page": faq.pk, "helpful": "yes"}, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/konto/logga-in/?next=/"
    assert not PageFeedback.objects.exists()


def test_a_foreign_referer_is_not_used_as_the_way_back(faq: FaqPage) -> None:
    response = client_from(OUTSIDE_ADDRESS).post(
        VOTE, {"page": faq.pk, "helpful": "yes"}, headers={"referer": "https://evil.example/"}
    )
    assert response["Location"] == "/konto/logga-in/?next=/"


def test_logged_in_substitute_outside_the_network_may_answer(faq: FaqPage) -> None:
    client = client_for(Role.SUBSTITUTE)
    assert vote(client, faq).status_code == 303
    assert PageFeedback.objects.count() == 1


def test_nothing_about_the_person_is_stored(faq: FaqPage) -> None:
    client = client_for(Role.SUBSTITUTE)
    token = token_in(vote(client, faq, headers=HTMX).text)
    client.post(COMMENT, {"page": faq.pk, "token": token, "comment": "Bra"}, headers=HTMX)
    row = PageFeedback.objects.values().get()
    assert set(row) == {"id", "page_id", "helpful", "comment", "given_on", "handled_at", "handled_by_id"}
    assert row["handled_by_id"] is None
    assert isinstance(row["given_on"], dt.date) and not isinstance(row["given_on"], dt.datetime)


# --- throttling ----------------------------------------------------------------------------


@pytest.fixture
def small_limit(settings: Any) -> int:
    settings.FEEDBACK_THROTTLE_POSTS = 5
    return 5


def test_posts_past_the_limit_are_refused_with_a_message(
    inside: Client, faq: FaqPage, small_limit: int
) -> None:
    for _ in range(small_limit):
        assert vote(inside, faq).status_code == 303
    response = vote(inside, faq)
    assert response.status_code == 429
    assert sv(TOO_MUCH) in response.text
    assert PageFeedback.objects.count() == small_limit

    htmx = vote(inside, faq, headers=HTMX)
    assert htmx.status_code == 200
    assert sv(TOO_MUCH) in htmx.text


def test_a_refused_post_touches_no_database(inside: Client, faq: FaqPage, small_limit: int) -> None:
    for _ in range(small_limit):
        vote(inside, faq)
    for url in (VOTE, COMMENT):
        for headers in (HTMX, {}):
            with CaptureQueriesContext(connection) as queries:
                response = inside.post(url, {"page": faq.pk, "helpful": "yes"}, headers=headers)
            assert sv(TOO_MUCH) in response.text
            assert len(queries) == 0, [q["sql"] for q in queries.captured_queries]


def test_a_bot_posting_a_thousand_times_is_refused_fast(inside: Client, faq: FaqPage) -> None:
    started = time.perf_counter()
    statuses = [vote(inside, faq).status_code for _ in range(1000)]
    elapsed = time.perf_counter() - started
    assert statuses.count(303) == 20  # the default limit per ten minutes
    assert statuses.count(429) == 980
    assert PageFeedback.objects.count() == 20
    assert elapsed < 30, f"1,000 posts took {elapsed:.1f} s"
    # Others are not affected: another address and a logged-in user still get through.
    assert vote(client_from("10.20.1.2"), faq).status_code == 303
    assert vote(client_for(Role.SUBSTITUTE), faq).status_code == 303


def test_the_limit_resets_in_the_next_window(
    inside: Client, faq: FaqPage, small_limit: int, time_machine: Any
) -> None:
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    for _ in range(small_limit):
        vote(inside, faq)
    assert vote(inside, faq).status_code == 429
    time_machine.shift(dt.timedelta(minutes=10))
    assert vote(inside, faq).status_code == 303


def test_logged_in_users_are_counted_each_on_their_own(faq: FaqPage, small_limit: int) -> None:
    first, second = client_for(Role.SUBSTITUTE), client_for(Role.SUBSTITUTE)  # same address
    for _ in range(small_limit):
        vote(first, faq)
    assert vote(first, faq).status_code == 429
    assert vote(second, faq).status_code == 303


def test_the_cache_never_holds_the_address(inside: Client, faq: FaqPage) -> None:
    vote(inside, faq)
    store = caches["default"]
    if isinstance(store, RedisCache):
        client = store._cache.get_client(write=False)
        keys = [key.decode() for key in client.scan_iter(match=f"{store.key_prefix}:*")]
    else:
        keys = list(store._cache)  # type: ignore[attr-defined]  # the local-memory cache's dict
    assert keys, "the throttle counts in the cache"
    assert all(INSIDE_ADDRESS not in key and "10.20" not in key for key in keys)
    assert any("feedback-throttle:" in key for key in keys)
