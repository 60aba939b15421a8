"""Cached intranet pages (intranet/serving/caching.py): what changes is seen at once, by whom it should be.

The caches are off in the other tests (config/settings/test.py); here they are on, as with Redis.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.intranet.models import Notice
from vikarieportalen.intranet.selectors import shared_content_changes_at
from vikarieportalen.intranet.serving import caching
from vikarieportalen.intranet.tests.factories import (
    FaqPageFactory,
    NoticeFactory,
    ShortcutFactory,
    job_ad,
    news_index,
    news_item,
)
from vikarieportalen.staffing.models import AreaOfWork
from vikarieportalen.staffing.tests.factories import BookingFactory, IntroductionFactory, WorkplaceFactory
from vikarieportalen.testing import (
    INSIDE_ADDRESS,
    OUTSIDE_ADDRESS,
    client_from,
    client_logged_in,
    english,
)

pytestmark = pytest.mark.django_db

CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def caches_on(settings: object) -> None:
    settings.INTRANET_CACHE_SECONDS = 300  # type: ignore[attr-defined]


def inside() -> Client:
    return client_from(INSIDE_ADDRESS)


def queries_for(client: Client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.text


def substitute_in(area: str) -> Client:
    substitute = SubstituteFactory()
    IntroductionFactory(substitute=substitute, workplace=WorkplaceFactory(area=area))
    return client_logged_in(substitute)


# ---------------------------------------------------------------------------------------------
# Anonymous readers inside the network: whole pages


def test_anonymous_page_is_served_from_the_cache_without_a_query() -> None:
    news_item(title="Ny lönespecifikation")
    inside().get("/")
    count, html = queries_for(inside(), "/")
    assert count == 0
    assert "Ny lönespecifikation" in html


@pytest.mark.parametrize("path", ["/nyheter/", "/lediga-jobb/", "/fragor-och-svar/"])
def test_lists_and_faq_are_cached_for_anonymous_readers(path: str) -> None:
    news_item()
    job_ad()
    FaqPageFactory()
    inside().get(path)
    assert queries_for(inside(), path)[0] == 0


def test_each_visitor_gets_their_own_csrf_token_and_can_switch_language() -> None:
    inside().get("/")  # cached by a first visitor
    second = Client(REMOTE_ADDR=INSIDE_ADDRESS, enforce_csrf_checks=True)
    html = second.get("/").text
    tokens = set(CSRF_VALUE.findall(html))
    assert len(tokens) == 1
    assert "@@" not in html
    third_tokens = set(CSRF_VALUE.findall(inside().get("/").text))
    assert tokens.isdisjoint(third_tokens)
    response = second.post(
        "/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": tokens.pop(), "next": "/"}
    )
    assert response.status_code == 302


def test_published_news_is_on_the_start_page_and_list_at_once_and_gone_when_unpublished() -> None:
    inside().get("/")
    inside().get("/nyheter/")
    page = news_item(title="Nytt om semestern")
    assert "Nytt om semestern" in inside().get("/").text
    assert "Nytt om semestern" in inside().get("/nyheter/").text
    page.unpublish()
    assert "Nytt om semestern" not in inside().get("/").text
    assert "Nytt om semestern" not in inside().get("/nyheter/").text


def test_an_edited_page_shows_its_new_text_at_once() -> None:
    page = news_item(title="Gammal rubrik")
    inside().get(page.url)
    page.title = "Ny rubrik"
    page.save_revision().publish()
    html = inside().get(page.url).text
    assert "Ny rubrik" in html
    assert "Gammal rubrik" not in html


def test_a_changed_notice_is_seen_at_once_by_everyone() -> None:
    substitute = substitute_in(AreaOfWork.SCHOOL)
    notice = NoticeFactory(title="Systemet stängs i kväll")
    for client in (inside(), substitute):
        assert "Systemet stängs i kväll" in client.get("/").text
    notice.title = "Systemet stängs i morgon"
    notice.save()
    for client in (inside(), substitute):
        html = client.get("/").text
        assert "Systemet stängs i morgon" in html
        assert "Systemet stängs i kväll" not in html
    Notice.objects.filter(pk=notice.pk).delete()  # a queryset delete sends post_delete too
    assert "Systemet stängs i morgon" not in inside().get("/").text


def test_a_notice_whose_window_opens_later_makes_the_generation_end_then() -> None:
    now = timezone.now()
    opens = now + dt.timedelta(minutes=7)
    NoticeFactory(starts_at=opens)
    assert shared_content_changes_at(now=now, latest=now + dt.timedelta(hours=1)) == opens
    assert shared_content_changes_at(now=now, latest=now + dt.timedelta(minutes=2)) == now + dt.timedelta(
        minutes=2
    )


def test_new_shortcut_is_seen_at_once() -> None:
    inside().get("/")
    ShortcutFactory(title="Lönesystemet")
    assert "Lönesystemet" in inside().get("/").text


def test_a_page_behind_a_password_is_not_shared_with_readers_who_have_not_given_it() -> None:
    page = news_item(title="Bara med lösenord", body="<p>Hemlig brödtext.</p>")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="rätt-lösenord"
    )
    reader = inside()
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    response = reader.post(url, {"password": "rätt-lösenord", "return_url": page.url}, follow=True)
    assert "Hemlig brödtext." in response.text
    assert "Hemlig brödtext." in reader.get(page.url).text
    html = inside().get(page.url).text
    assert "Hemlig brödtext." not in html
    assert 'name="password"' in html


# ---------------------------------------------------------------------------------------------
# Never shared across readers, languages or networks


def test_a_substitutes_page_is_never_served_to_anonymous_readers_nor_theirs_to_a_substitute() -> None:
    substitute = SubstituteFactory(preferred_given_name="Ebbalisa")
    client = client_logged_in(substitute, address=INSIDE_ADDRESS)
    assert 'id="personal-panel"' in client.get("/").text
    html = inside().get("/").text
    assert 'id="personal-panel"' not in html
    assert "Ebbalisa" not in html
    assert 'id="personal-panel"' in client.get("/").text  # after the anonymous page was cached


def test_a_cached_page_is_not_shared_between_languages() -> None:
    inside().get("/")
    assert '<html lang="en">' in english(inside()).get("/").text
    assert '<html lang="sv">' in inside().get("/").text


def test_readers_outside_the_network_are_sent_to_log_in_even_when_the_page_is_cached() -> None:
    inside().get("/")
    response = client_from(OUTSIDE_ADDRESS).get("/")
    assert response.status_code == 302
    assert "/konto/logga-in/" in response["Location"]


def test_aimed_news_reaches_only_substitutes_in_the_area_after_being_cached() -> None:
    news_item(title="Till skolan", areas=[AreaOfWork.SCHOOL])
    school = substitute_in(AreaOfWork.SCHOOL)
    assert "Till skolan" in school.get("/").text
    assert "Till skolan" not in substitute_in(AreaOfWork.PRESCHOOL).get("/").text
    assert "Till skolan" not in inside().get("/").text
    assert "Till skolan" in school.get("/").text


# ---------------------------------------------------------------------------------------------
# Logged-in substitutes: shared parts cached, the personal panel live


def test_a_new_booking_shows_on_the_personal_panel_at_once() -> None:
    substitute = SubstituteFactory()
    client = client_logged_in(substitute)
    client.get("/")
    booking = BookingFactory(substitute=substitute, shift__workplace__name="Äldreboendet Vitsippan")
    panel = client.get("/").text.split('id="next-booking"')[1].split("</article>")[0]
    assert "Äldreboendet Vitsippan" in panel
    assert booking.starts_at.isoformat()[:16] in panel


def test_a_logged_in_substitutes_start_page_costs_at_most_ten_queries() -> None:
    substitute = SubstituteFactory()
    IntroductionFactory(substitute=substitute, workplace=WorkplaceFactory(area=AreaOfWork.SCHOOL))
    BookingFactory(substitute=substitute)
    NoticeFactory()
    ShortcutFactory()
    news_item(areas=[AreaOfWork.SCHOOL])
    job_ad()
    news_index()
    client = client_logged_in(substitute)
    client.get("/")  # fills the shared fragments and the route
    count, html = queries_for(client, "/")
    assert count <= 10
    assert 'id="personal-panel"' in html


def test_content_changed_resets_the_generation() -> None:
    before = caching.content_generation()
    assert caching.content_generation() == before
    caching.content_changed()
    assert caching.content_generation() != before


def test_an_entry_is_kept_in_the_process_as_a_copy_of_its_own_until_it_expires(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caching.entry_set("intranet:test", {"route": [1]})
    cache.delete("intranet:test")  # this process read it once: no round trip to the shared cache again
    first, second = caching.entry_get("intranet:test"), caching.entry_get("intranet:test")
    assert first == {"route": [1]} and first is not second
    later = time.monotonic() + 301
    monkeypatch.setattr(caching.time, "monotonic", lambda: later)
    assert caching.entry_get("intranet:test") is None


def test_a_publish_is_seen_at_once_though_the_old_page_is_kept_in_the_process() -> None:
    item = news_item(title="Före")
    reader = inside()
    assert "Före" in reader.get(item.url).text
    assert queries_for(reader, item.url)[0] == 0  # kept
    item.title = "Efter"
    item.save_revision().publish()
    text = reader.get(item.url).text
    assert "Efter" in text and "Före" not in text


def test_the_process_keeps_copies_within_its_size_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(caching, "LOCAL_BYTES", 3000)
    for number in range(3):
        caching.entry_set(f"intranet:big:{number}", b"x" * 1200)
    cache.delete_many([f"intranet:big:{number}" for number in range(3)])
    assert caching.entry_get("intranet:big:0") is None  # the oldest went to make room
    assert caching.entry_get("intranet:big:2") == b"x" * 1200
