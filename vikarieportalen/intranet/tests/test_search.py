"""Search across news, open job ads, the FAQ, trainings and contact cards."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.intranet.rules import SEARCH_QUERY_MAX_LENGTH, search_summary
from vikarieportalen.intranet.selectors import SEARCH_RESULTS_PER_PAGE
from vikarieportalen.intranet.tests.factories import (
    FaqEntryFactory,
    FaqPageFactory,
    job_ad,
    news_item,
    staffing_centre_contact,
)
from vikarieportalen.staffing.models import AreaOfWork
from vikarieportalen.staffing.tests.factories import IntroductionFactory, WorkplaceFactory
from vikarieportalen.testing import (
    INSIDE_ADDRESS,
    Who,
    assert_queries_do_not_grow,
    client_for,
    client_from,
    client_logged_in,
    english,
)
from vikarieportalen.trainings.tests.factories import CoursePageFactory

pytestmark = pytest.mark.django_db
URL = "/intranat/sok/"


@pytest.fixture
def inside() -> Client:
    return client_from(INSIDE_ADDRESS)


def result_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="search-result__title"><a href="[^"]*">([^<]*)</a></h3>', html)


def test_search_finds_news_job_ads_faq_and_trainings(inside: Client) -> None:
    news_item(title="Ny version av schemasystemet", body="<p>Schemasystemet byts ut.</p>")
    job_ad(title="Kock till Solrosen", body="<p>Vi söker en kock med schemasystemet i blodet.</p>")
    FaqPageFactory(entries=[FaqEntryFactory(question="Hur läser jag schemasystemet?")])
    CoursePageFactory(title="Schemasystemet för nybörjare")
    titles = result_titles(inside.get(URL, {"q": "schemasystemet"}).text)
    assert set(titles) == {
        "Ny version av schemasystemet",
        "Kock till Solrosen",
        "Frågor och svar",
        "Schemasystemet för nybörjare",
    }


def test_search_with_several_words_needs_all_of_them(inside: Client) -> None:
    news_item(title="Semester i sommar", body="<p>Ansök om semester.</p>")
    news_item(title="Lön i sommar", body="<p>Lönen betalas ut.</p>")
    assert result_titles(inside.get(URL, {"q": "sommar semester"}).text) == ["Semester i sommar"]


def test_search_leaves_out_closed_job_ads(inside: Client) -> None:
    job_ad(
        title="Stängd tjänst som barnskötare",
        last_application_date=timezone.localdate() - dt.timedelta(days=1),
    )
    job_ad(title="Öppen tjänst som barnskötare")
    assert result_titles(inside.get(URL, {"q": "barnskötare"}).text) == ["Öppen tjänst som barnskötare"]


def test_search_leaves_out_news_aimed_at_other_areas() -> None:
    news_item(title="Skolans studiedag", areas=[AreaOfWork.SCHOOL])
    news_item(title="Äldreomsorgens studiedag", areas=[AreaOfWork.ELDERLY_CARE])
    teacher = SubstituteFactory()
    IntroductionFactory(substitute=teacher, workplace=WorkplaceFactory(area=AreaOfWork.SCHOOL))
    assert result_titles(client_logged_in(teacher).get(URL, {"q": "studiedag"}).text) == ["Skolans studiedag"]
    assert result_titles(client_from(INSIDE_ADDRESS).get(URL, {"q": "studiedag"}).text) == []
    assert len(result_titles(client_for(Who.STAFFING_CENTRE).get(URL, {"q": "studiedag"}).text)) == 2


def test_search_leaves_out_unpublished_pages(inside: Client) -> None:
    news_item(title="Hemlig nyhet om lönerna", publish=False)
    assert result_titles(inside.get(URL, {"q": "lönerna"}).text) == []


def test_search_finds_contact_cards(inside: Client) -> None:
    staffing_centre_contact()
    html = inside.get(URL, {"q": "bemanningscentrum"}).text
    assert 'id="contact-results-heading"' in html
    assert "0550-858 89" in html
    assert "1 kontakt hittades för ”bemanningscentrum”." in html  # not "0 sidor hittades"


@pytest.mark.parametrize(
    ("pages", "contacts", "swedish", "english"),
    [
        (0, 0, "Inget hittades för ”lön”.", "Nothing was found for “lön”."),
        (1, 0, "1 sida hittades för ”lön”.", "1 page found for “lön”."),
        (0, 2, "2 kontakter hittades för ”lön”.", "2 contacts found for “lön”."),
        (3, 1, "3 sidor och 1 kontakt hittades för ”lön”.", "3 pages and 1 contact found for “lön”."),
    ],
)
def test_the_summary_counts_pages_and_contacts(pages: int, contacts: int, swedish: str, english: str) -> None:
    for language, expected in (("sv", swedish), ("en", english)):
        with translation.override(language):
            assert search_summary(pages=pages, contacts=contacts, query="lön") == expected


def test_empty_search_shows_only_the_form(inside: Client) -> None:
    for params in ({}, {"q": ""}, {"q": "    "}):
        response = inside.get(URL, params)
        assert response.status_code == 200
        assert 'id="search-summary"' not in response.text
        assert 'name="q"' in response.text


def test_enormous_search_is_refused_with_a_message(inside: Client) -> None:
    news_item(title="Lön")
    response = english(inside).get(URL, {"q": "lön " * 5000})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert f"Write at most {SEARCH_QUERY_MAX_LENGTH} characters" in response.text
    assert 'id="search-summary"' not in response.text


def test_longest_allowed_search_works(inside: Client) -> None:
    response = inside.get(URL, {"q": ("ord " * 100)[:SEARCH_QUERY_MAX_LENGTH]})
    assert response.status_code == 200
    assert 'class="error-summary"' not in response.text


def test_html_in_the_search_is_escaped(inside: Client) -> None:
    html = inside.get(URL, {"q": '<script>alert("x")</script>'}).text
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "query", ["%", "_", "'", '"', "\\", "&|!():*", "lön & semester", "-", "ÅÄÖ", "😀", "a" * 200]
)
def test_odd_characters_do_not_break_search(inside: Client, query: str) -> None:
    news_item(title="Lön och semester")
    assert inside.get(URL, {"q": query}).status_code == 200


def test_search_results_paginate_and_survive_bad_page_numbers(inside: Client) -> None:
    for number in range(SEARCH_RESULTS_PER_PAGE + 2):
        news_item(title=f"Arbetskläder {number}")
    first = inside.get(URL, {"q": "arbetskläder"}).text
    assert len(result_titles(first)) == SEARCH_RESULTS_PER_PAGE
    assert "q=arbetskl%C3%A4der&amp;page=2" in first
    assert len(result_titles(inside.get(URL, {"q": "arbetskläder", "page": "2"}).text)) == 2
    assert len(result_titles(inside.get(URL, {"q": "arbetskläder", "page": "abc"}).text)) == 10
    assert len(result_titles(inside.get(URL, {"q": "arbetskläder", "page": "9999"}).text)) == 2


def test_search_query_count_does_not_grow(inside: Client) -> None:
    news_item(title="Arbetsskor")
    job_ad(title="Arbetsskor behövs")

    def more() -> None:
        for number in range(5):
            news_item(title=f"Arbetsskor {number}", areas=[AreaOfWork.SCHOOL] if number % 2 else [])
            job_ad(title=f"Arbetsskor jobb {number}")

    assert_queries_do_not_grow(inside, f"{URL}?q=arbetsskor", more)


def test_header_has_a_search_box_on_every_page(inside: Client) -> None:
    FaqPageFactory()
    for url in ("/", "/fragor-och-svar/", "/konto/logga-in/"):
        header = inside.get(url).text.split("</header>")[0]
        assert f'action="{URL}"' in header
        assert 'name="q"' in header


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Swedish stemming is PostgreSQL's")
def test_swedish_stemming_on_postgresql(inside: Client) -> None:
    news_item(title="Nya regler för bokningar", body="<p>Alla bokningar syns i portalen.</p>")
    assert result_titles(inside.get(URL, {"q": "bokning"}).text) == ["Nya regler för bokningar"]
    assert result_titles(inside.get(URL, {"q": "bokningarna"}).text) == ["Nya regler för bokningar"]
