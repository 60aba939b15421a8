"""The start page and the FAQ page through the test client."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from vikarieportalen.intranet.tests.factories import (
    ContactCardFactory,
    FaqEntryFactory,
    FaqPageFactory,
    NoticeFactory,
    staffing_centre_contact,
)
from vikarieportalen.testing import INSIDE_ADDRESS, assert_queries_do_not_grow, client_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def inside() -> Client:
    return client_from(INSIDE_ADDRESS)


def test_start_page_shows_current_notices_only(inside: Client) -> None:
    NoticeFactory(title="Ny version av Time Care Pool")
    NoticeFactory(
        title="Gammalt meddelande",
        ends_at=timezone.now() - dt.timedelta(hours=1),
        starts_at=timezone.now() - dt.timedelta(days=3),
    )
    NoticeFactory(title="Kommande meddelande", starts_at=timezone.now() + dt.timedelta(days=1))
    text = inside.get("/").text
    assert "Ny version av Time Care Pool" in text
    assert "Gammalt meddelande" not in text
    assert "Kommande meddelande" not in text


def test_start_page_without_notices_has_no_notice_section(inside: Client) -> None:
    assert 'id="notices-heading"' not in inside.get("/").text


def test_start_page_shows_contact_cards_with_phone_and_hours(inside: Client) -> None:
    staffing_centre_contact()
    text = inside.get("/", headers={"accept-language": "sv"}).text
    assert "Bemanningscentrum" in text
    assert 'href="tel:055085889"' in text
    assert "mån–fre 6.30–16" in text
    assert "lör–sön 6.30–14" in text


def test_footer_shows_the_footer_contact_on_every_page(inside: Client) -> None:
    staffing_centre_contact()
    FaqPageFactory()
    for url in ("/", "/fragor-och-svar/", "/konto/logga-in/"):
        footer = inside.get(url).text.split('<footer class="site-footer">')[1]
        assert "Bemanningscentrum" in footer
        assert "0550-858 89" in footer


def test_start_page_links_to_the_faq(inside: Client) -> None:
    FaqPageFactory()
    assert 'href="/fragor-och-svar/"' in inside.get("/").text


def test_faq_page_shows_questions_with_anchors_and_a_table_of_contents(inside: Client) -> None:
    FaqPageFactory()
    text = inside.get("/fragor-och-svar/").text
    assert '<article class="faq-entry" id="forsta-inloggningen">' in text
    assert '<a href="#forsta-inloggningen">Ska du logga in för första gången?</a>' in text
    assert "JOSA9804" in text


def test_faq_entry_without_anchor_gets_one_from_its_question(inside: Client) -> None:
    FaqPageFactory(entries=[FaqEntryFactory(question="Jag har glömt mitt lösenord", anchor="")])
    text = inside.get("/fragor-och-svar/").text
    assert 'id="jag-har-glomt-mitt-losenord"' in text


def test_faq_anchors_are_unique(inside: Client) -> None:
    FaqPageFactory(entries=[FaqEntryFactory(topic=topic) for topic in ("A", "B", "A", "C")])
    ids = re.findall(r'<article class="faq-entry" id="([^"]+)"', inside.get("/fragor-och-svar/").text)
    assert len(ids) == 4
    assert len(set(ids)) == 4


def test_language_switch_gives_english(inside: Client) -> None:
    staffing_centre_contact()
    swedish = inside.get("/").text
    assert '<html lang="sv">' in swedish
    assert "Hoppa till innehållet" in swedish

    response = inside.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"  # the English start page every installation has

    english = inside.get("/").text
    assert '<html lang="en">' in english
    assert "Skip to content" in english
    assert "Mon–Fri 6.30–16 (lunch 11.30–12.30)" in english
    assert "Hoppa till innehållet" not in english


def test_language_switch_back_to_swedish(inside: Client) -> None:
    inside.post("/i18n/setlang/", {"language": "en", "next": "/"})
    inside.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert '<html lang="sv">' in inside.get("/").text


def test_start_page_query_count_does_not_grow_with_notices_and_contacts(inside: Client) -> None:
    staffing_centre_contact()
    NoticeFactory()
    FaqPageFactory()

    def add_more() -> None:
        NoticeFactory.create_batch(5)
        for _ in range(5):
            ContactCardFactory(hours=[(range(0, 5), dt.time(8), dt.time(12))])

    counts = assert_queries_do_not_grow(inside, "/", add_more)
    assert counts.before > 0


def test_faq_page_query_count_does_not_grow_with_entries(inside: Client) -> None:
    page = FaqPageFactory()

    def add_entries() -> None:
        page.entries.add(*FaqEntryFactory.build_batch(10))
        page.save_revision().publish()

    assert_queries_do_not_grow(inside, "/fragor-och-svar/", add_entries)
