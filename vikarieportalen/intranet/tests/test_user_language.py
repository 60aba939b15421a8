"""The language saved on the account follows the person to any device; their choice on the web saves it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import SubstituteFactory

pytestmark = pytest.mark.django_db

PROFILE = "/konto/mina-uppgifter/"


def _lang(client: Client) -> str:
    html = client.get(PROFILE).content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_the_account_language_wins_over_the_browser_after_login() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    client.force_login(SubstituteFactory(language="en"))
    assert _lang(client) == "en"


def test_an_account_left_in_the_default_language_is_swedish_in_an_english_browser() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(SubstituteFactory())
    assert _lang(client) == "sv"


def test_an_anonymous_visitor_with_an_english_browser_gets_swedish() -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/konto/logga-in/")
    assert response.content.decode().split('<html lang="', 1)[1].startswith("sv")
    assert response["Content-Language"] == "sv"
    assert "accept-language" not in response.get("Vary", "").lower()
    assert "cookie" in response.get("Vary", "").lower()


def test_the_language_cookie_gives_english_whatever_the_browser_says() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/konto/logga-in/").content.decode().split('<html lang="', 1)[1].startswith("en")


def test_an_unknown_language_in_the_cookie_is_swedish() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert client.get("/konto/logga-in/").content.decode().split('<html lang="', 1)[1].startswith("sv")


def test_a_choice_made_on_this_device_wins_over_the_account_language() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(SubstituteFactory(language="en"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    assert _lang(client) == "sv"


def test_switching_language_saves_it_on_the_account() -> None:
    person = SubstituteFactory(language="sv")
    client = Client()
    client.force_login(person)
    client.post("/i18n/setlang/", {"language": "en", "next": PROFILE})
    person.refresh_from_db()
    assert person.language == "en"
    assert _lang(client) == "en"


def test_an_unknown_language_changes_nothing_on_the_account() -> None:
    person = SubstituteFactory(language="sv")
    client = Client()
    client.force_login(person)
    client.post("/i18n/setlang/", {"language": "xx", "next": PROFILE})
    assert User.objects.get(pk=person.pk).language == "sv"
