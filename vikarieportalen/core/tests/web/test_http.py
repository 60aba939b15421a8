"""The typed request user and the safe next URL (no open redirects, whatever is put in ``next``)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from vikarieportalen.accounts.models import User
from vikarieportalen.core.http import login_link, request_user, requested_next_url, safe_next_url

HOSTILE = [
    "https://evil.example/",
    "http://evil.example/login",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " //evil.example/",
    "http://testserver@evil.example/",
    "http://evil.example\\@testserver/",
    "\x00//evil.example/",
]


def test_request_user_is_the_logged_in_user() -> None:
    request = RequestFactory().get("/")
    user = User(username="ANNA0001")
    request.user = user
    assert request_user(request) is user


def test_request_user_refuses_an_anonymous_request() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        request_user(request)


@pytest.mark.parametrize("url", ["/", "/bemanning/?vecka=2026-W10", "/a/b#c", "http://testserver/x"])
def test_a_url_on_this_site_is_kept(url: str) -> None:
    assert safe_next_url(RequestFactory().get("/"), url, fallback="/start/") == url


@pytest.mark.parametrize("url", HOSTILE)
def test_a_url_that_leaves_the_site_gives_the_fallback(url: str) -> None:
    assert safe_next_url(RequestFactory().get("/"), url, fallback="/start/") == "/start/"


@pytest.mark.parametrize("url", ["", None])
def test_no_url_gives_the_fallback(url: str | None) -> None:
    assert safe_next_url(RequestFactory().get("/"), url, fallback="/start/") == "/start/"
    assert safe_next_url(RequestFactory().get("/"), url) == ""


def test_a_secure_page_does_not_send_on_to_plain_http() -> None:
    request = RequestFactory().get("/", secure=True)
    assert safe_next_url(request, "http://testserver/x", fallback="/start/") == "/start/"
    assert safe_next_url(request, "https://testserver/x", fallback="/start/") == "https://testserver/x"
    assert safe_next_url(request, "/x", fallback="/start/") == "/x"


def test_the_posted_next_wins_over_the_query_string() -> None:
    request = RequestFactory().post("/?next=/from-query/", {"next": "/from-form/"})
    assert requested_next_url(request) == "/from-form/"
    request = RequestFactory().post("/?next=/from-query/", {})
    assert requested_next_url(request) == "/from-query/"


def test_a_hostile_requested_next_gives_the_fallback() -> None:
    request = RequestFactory().post("/", {"next": "//evil.example/"})
    assert requested_next_url(request, fallback="/start/") == "/start/"


def test_the_login_link_leads_back_to_the_page_it_was_on() -> None:
    request = RequestFactory().get("/bemanning/mina-pass/", {"vecka": "49"})
    assert login_link(request) == "/konto/logga-in/?next=/bemanning/mina-pass/%3Fvecka%3D49"


@pytest.mark.django_db
def test_the_login_link_never_nests_next_in_itself() -> None:
    from django.test import Client

    client = Client()
    link = "/konto/logga-in/?next=/intyg/"
    for _click in range(3):
        html = client.get(link).text
        link = html.split('class="button" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        assert link == "/konto/logga-in/?next=/intyg/"
    assert login_link(RequestFactory().get("/konto/logga-in/")) == "/konto/logga-in/"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_login_link_passes_on_no_foreign_next(hostile: str) -> None:
    assert login_link(RequestFactory().get("/konto/logga-in/", {"next": hostile})) == "/konto/logga-in/"
