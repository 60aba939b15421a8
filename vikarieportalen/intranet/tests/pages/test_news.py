"""News: who sees aimed news, the list with pagination, the detail page and the Atom feed."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from vikarieportalen.accounts.tests.factories import SubstituteFactory, UserFactory
from vikarieportalen.core.roles import Role
from vikarieportalen.intranet.models import HomePage
from vikarieportalen.intranet.selectors import NEWS_PER_PAGE, news_list_visible, news_reader_areas
from vikarieportalen.intranet.tests.factories import news_index, news_item
from vikarieportalen.staffing.models import AreaOfWork
from vikarieportalen.staffing.tests.factories import IntroductionFactory, WorkplaceFactory
from vikarieportalen.testing import (
    INSIDE_ADDRESS,
    Who,
    assert_queries_do_not_grow,
    client_for,
    client_from,
    client_logged_in,
    user_with_role,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def substitute_in(*areas: str) -> object:
    user = SubstituteFactory()
    for area in areas:
        IntroductionFactory(substitute=user, workplace=WorkplaceFactory(name=f"Enhet {area}", area=area))
    return user


def visible_titles(user: object) -> set[str]:
    home = HomePage.objects.get(locale__language_code="sv")
    return {page.title for page in news_list_visible(user=user, within=home)}


@pytest.fixture
def aimed_news() -> None:
    news_item(title="För alla")
    news_item(title="Till skolan", areas=[AreaOfWork.SCHOOL])
    news_item(title="Till äldreomsorgen", areas=[AreaOfWork.ELDERLY_CARE])


def test_substitute_sees_news_for_everyone_and_for_own_areas(aimed_news: None) -> None:
    assert visible_titles(substitute_in(AreaOfWork.SCHOOL)) == {"För alla", "Till skolan"}


def test_substitute_in_two_areas_sees_both(aimed_news: None) -> None:
    user = substitute_in(AreaOfWork.SCHOOL, AreaOfWork.ELDERLY_CARE)
    assert visible_titles(user) == {"För alla", "Till skolan", "Till äldreomsorgen"}


def test_substitute_without_introductions_sees_only_news_for_everyone(aimed_news: None) -> None:
    assert visible_titles(SubstituteFactory()) == {"För alla"}


def test_anonymous_reader_sees_only_news_for_everyone(aimed_news: None) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert news_reader_areas(user=AnonymousUser()) == frozenset()
    assert visible_titles(AnonymousUser()) == {"För alla"}


@pytest.mark.parametrize("role", [role for role in Role if role is not Role.SUBSTITUTE])
def test_staff_see_every_news_item(aimed_news: None, role: Role) -> None:
    user = user_with_role(role)
    assert news_reader_areas(user=user) is None
    assert visible_titles(user) == {"För alla", "Till skolan", "Till äldreomsorgen"}


def test_user_without_role_sees_only_news_for_everyone(aimed_news: None) -> None:
    assert visible_titles(UserFactory(roles=[])) == {"För alla"}


def test_aimed_news_appears_once_even_when_aimed_at_several_of_the_readers_areas() -> None:
    news_item(title="Två områden", areas=[AreaOfWork.SCHOOL, AreaOfWork.PRESCHOOL])
    user = substitute_in(AreaOfWork.SCHOOL, AreaOfWork.PRESCHOOL)
    home = HomePage.objects.get(locale__language_code="sv")
    assert [page.title for page in news_list_visible(user=user, within=home)] == ["Två områden"]


def test_unpublished_news_is_not_listed() -> None:
    news_item(title="Utkast", publish=False)
    assert visible_titles(user_with_role(Role.EDITOR)) == set()


# ---------------------------------------------------------------------------------------------
# Pages


@pytest.fixture
def inside() -> Client:
    return client_from(INSIDE_ADDRESS)


def test_news_list_is_newest_first(inside: Client) -> None:
    today = dt.date(2026, 5, 20)
    news_item(title="Äldst", date=today - dt.timedelta(days=9))
    news_item(title="Nyast", date=today)
    news_item(title="Mitten", date=today - dt.timedelta(days=3))
    text = inside.get("/nyheter/").text
    assert text.index("Nyast") < text.index("Mitten") < text.index("Äldst")


def test_news_list_paginates_and_survives_bad_page_numbers(inside: Client) -> None:
    for number in range(NEWS_PER_PAGE + 3):
        news_item(title=f"Nyhet nummer {number:02d}", date=dt.date(2026, 1, 1) + dt.timedelta(days=number))
    first = inside.get("/nyheter/").text
    assert first.count('class="news-item"') == NEWS_PER_PAGE
    second = inside.get("/nyheter/?page=2").text
    assert second.count('class="news-item"') == 3
    assert "Nyhet nummer 00" in second
    assert inside.get("/nyheter/?page=abc").text.count('class="news-item"') == NEWS_PER_PAGE
    last = inside.get("/nyheter/?page=9999")
    assert last.status_code == 200
    assert "Nyhet nummer 00" in last.text


def test_news_list_hides_aimed_news_from_anonymous_readers(inside: Client, aimed_news: None) -> None:
    text = inside.get("/nyheter/").text
    assert "För alla" in text
    assert "Till skolan" not in text


def test_substitute_sees_aimed_news_in_the_list(aimed_news: None) -> None:
    client = client_logged_in(substitute_in(AreaOfWork.SCHOOL))
    text = client.get("/nyheter/").text
    assert "Till skolan" in text
    assert "Till äldreomsorgen" not in text


def test_news_page_shows_text(inside: Client) -> None:
    page = news_item(title="Ny version av Time Care Pool", body="<p>Från och med 18 februari.</p>")
    text = inside.get(page.url).text
    assert '<h1 id="news-title">Ny version av Time Care Pool</h1>' in text
    assert "Från och med 18 februari." in text


def test_aimed_news_page_is_not_found_for_a_substitute_elsewhere() -> None:
    page = news_item(title="Till skolan", areas=[AreaOfWork.SCHOOL])
    assert client_logged_in(substitute_in(AreaOfWork.ELDERLY_CARE)).get(page.url).status_code == 404
    assert client_logged_in(substitute_in(AreaOfWork.SCHOOL)).get(page.url).status_code == 200
    assert client_for(Who.STAFFING_CENTRE).get(page.url).status_code == 200


def test_aimed_news_page_asks_an_anonymous_reader_to_log_in(inside: Client) -> None:
    page = news_item(title="Till skolan", areas=[AreaOfWork.SCHOOL])
    response = inside.get(page.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/?next=")


def test_news_list_query_count_does_not_grow(inside: Client) -> None:
    news_item(areas=[AreaOfWork.SCHOOL])
    news_item()

    def more() -> None:
        for number in range(8):
            news_item(areas=[AreaOfWork.SCHOOL, AreaOfWork.PRESCHOOL] if number % 2 else [])

    assert_queries_do_not_grow(inside, "/nyheter/", more)
    staff = client_for(Who.EDITOR)
    assert_queries_do_not_grow(staff, "/nyheter/", lambda: news_item(areas=[AreaOfWork.SCHOOL]))


def test_news_list_query_count_for_a_substitute_does_not_grow() -> None:
    client = client_logged_in(substitute_in(AreaOfWork.SCHOOL))
    news_item()
    assert_queries_do_not_grow(
        client, "/nyheter/", lambda: [news_item(areas=[AreaOfWork.SCHOOL]) for _ in range(5)]
    )


# ---------------------------------------------------------------------------------------------
# Atom feed


def feed_entries(client: Client) -> list[str]:
    response = client.get("/nyheter/flode/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    return [entry.findtext(f"{ATOM}title") or "" for entry in root.iter(f"{ATOM}entry")]


def test_feed_lists_news_for_everyone_newest_first(inside: Client, aimed_news: None) -> None:
    news_item(title="Gammal", date=dt.date(2020, 1, 1))
    assert feed_entries(inside)[-1] == "Gammal"
    assert "Till skolan" not in feed_entries(inside)
    assert "För alla" in feed_entries(inside)


def test_feed_entry_has_link_summary_and_dates(inside: Client) -> None:
    page = news_item(title="Lönerevision", intro="Nya löner från 1 april.")
    root = ET.fromstring(inside.get("/nyheter/flode/").content)  # noqa: S314
    entry = next(root.iter(f"{ATOM}entry"))
    assert entry.findtext(f"{ATOM}summary") == "Nya löner från 1 april."
    link = entry.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href", "").endswith(page.url)
    assert entry.findtext(f"{ATOM}published")
    assert entry.findtext(f"{ATOM}updated")


def test_feed_escapes_html_in_titles(inside: Client) -> None:
    news_item(title="<script>alert(1)</script> & mer")
    body = inside.get("/nyheter/flode/").content.decode()
    assert "<script>" not in body
    assert feed_entries(inside) == ["<script>alert(1)</script> & mer"]


def test_feed_is_linked_from_the_news_list(inside: Client) -> None:
    news_index()
    text = inside.get("/nyheter/").text
    assert 'type="application/atom+xml"' in text
    assert 'href="/nyheter/flode/"' in text


def test_feed_outside_the_network_asks_for_login() -> None:
    news_index()
    response = client_for(Who.ANONYMOUS_OUTSIDE).get("/nyheter/flode/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/logga-in/?next=/nyheter/flode/"
