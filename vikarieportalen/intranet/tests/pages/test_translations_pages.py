"""Swedish and English page content: English translations under /en/, the language button finds them."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from wagtail.models import Locale, Page

from vikarieportalen.intranet.models import HomePage, NewsPage
from vikarieportalen.intranet.tests.factories import (
    FaqPageFactory,
    NoticeFactory,
    ShortcutFactory,
    news_index,
    news_item,
)
from vikarieportalen.testing import INSIDE_ADDRESS, client_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def inside() -> Client:
    return client_from(INSIDE_ADDRESS)


def translate(page: Page, **fields: str) -> Page:
    """An English, published translation of ``page`` (its parents are translated first if needed)."""
    english = page.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    for name, value in fields.items():
        setattr(english, name, value)
    english.save_revision().publish()
    for ancestor in english.get_ancestors().filter(depth__gt=1).specific():
        if not ancestor.live:
            ancestor.save_revision().publish()
    return Page.objects.get(pk=english.pk).specific


@pytest.fixture
def english_home() -> Page:
    """The English start page every installation has (migration 0007), with a test introduction."""
    home = HomePage.objects.get(locale__language_code="sv")
    english = home.get_translation(Locale.objects.get(language_code="en"))
    english.intro = "<p>All you need.</p>"
    english.save_revision().publish()
    return Page.objects.get(pk=english.pk).specific


def switch(client: Client, language: str, next_url: str) -> str:
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    return response["Location"]


def test_both_content_languages_have_a_locale() -> None:
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"sv", "en"}


def test_english_start_page_is_served_under_en(inside: Client, english_home: Page) -> None:
    assert english_home.url == "/en/"
    response = inside.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "Substitute portal" in response.text
    swedish = inside.get("/").text
    assert '<html lang="sv">' in swedish
    assert "Substitute portal" not in swedish


def test_english_news_item_has_its_own_address(inside: Client) -> None:
    item = news_item(title="Ny lönerevision", intro="Nya löner.")
    english = translate(item, title="New pay review", slug="new-pay-review", intro="New pay.")
    assert english.url.startswith("/en/")
    assert english.url.endswith("/new-pay-review/")
    assert "New pay review" in inside.get(english.url).text
    assert "Ny lönerevision" in inside.get(item.url).text


def test_language_button_leads_to_the_translation(inside: Client, english_home: Page) -> None:
    item = news_item(title="Ny lönerevision")
    english = translate(item, title="New pay review", slug="new-pay-review")
    assert switch(inside, "en", "/") == "/en/"
    assert switch(inside, "en", item.url) == english.url
    assert switch(inside, "sv", english.url) == item.url
    assert switch(inside, "sv", "/en/") == "/"


def test_language_button_on_an_untranslated_page_stays_and_switches_the_menus(
    inside: Client, english_home: Page
) -> None:
    FaqPageFactory()
    assert switch(inside, "en", "/fragor-och-svar/") == "/fragor-och-svar/"
    response = inside.get("/fragor-och-svar/")
    assert response.status_code == 200, "a Swedish page is still found with English chosen"
    assert '<html lang="en">' in response.text
    assert 'lang="sv"' in response.text.split("<main")[1], "the Swedish text is marked as Swedish"


def test_language_button_keeps_non_page_addresses(inside: Client) -> None:
    assert switch(inside, "en", "/konto/logga-in/") == "/konto/logga-in/"
    assert switch(inside, "en", "/intranat/sok/?q=l%C3%B6n") == "/intranat/sok/?q=l%C3%B6n"


def test_language_button_refuses_other_sites(inside: Client) -> None:
    # Refused: the start page instead, in the chosen language.
    assert switch(inside, "en", "https://evil.example.com/") == "/en/"
    assert '<html lang="en">' in inside.get("/").text


def test_language_button_ignores_unknown_languages(inside: Client) -> None:
    response = inside.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response["Location"] == "/"
    assert '<html lang="sv">' in inside.get("/").text


def test_english_page_without_swedish_version_leads_to_nearest_swedish_page(
    inside: Client, english_home: Page
) -> None:
    index = news_index()
    english_index = translate(index, title="News", slug="news")
    only_english = NewsPage(title="Only in English", slug="only-english", intro="Hello.")
    english_index.add_child(instance=only_english)
    only_english.save_revision().publish()
    assert switch(inside, "sv", only_english.url) == index.url


def test_cookie_language_does_not_hide_swedish_pages(inside: Client, english_home: Page) -> None:
    FaqPageFactory()
    inside.post("/i18n/setlang/", {"language": "en", "next": "/"})
    # With English chosen, the Swedish address still shows the Swedish tree (not a 404 in the English one).
    assert inside.get("/fragor-och-svar/").status_code == 200
    assert "Vikarieportalen" in inside.get("/").text


def test_search_in_english_prefers_english_pages(inside: Client, english_home: Page) -> None:
    item = news_item(title="Semester och lön")
    translate(item, title="Holiday and pay", slug="holiday-and-pay", intro="Holiday and pay.")
    news_item(title="Semester bara på svenska")
    inside.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = inside.get("/intranat/sok/", {"q": "semester"}).text
    assert "Semester bara på svenska" in html, "untranslated Swedish pages are still found"
    assert "Semester och lön" not in html, "a page with an English version is shown in English"


def test_english_start_page_marks_swedish_notices_and_shortcuts(inside: Client, english_home: Page) -> None:
    NoticeFactory(title="Driftstörning")
    ShortcutFactory(title="Webbmejl")
    html = inside.get("/en/").text
    notice = re.search(r'<article class="notice[^"]*"[^>]*>', html)
    shortcuts = re.search(r'<ul class="plain shortcuts"[^>]*>', html)
    assert notice is not None
    assert shortcuts is not None
    assert 'lang="sv"' in notice.group(0)
    assert 'lang="sv"' in shortcuts.group(0)
    swedish = inside.get("/").text
    assert 'lang="sv"' not in swedish.split("<main")[1]
