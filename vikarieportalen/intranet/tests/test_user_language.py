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


def test_an_account_in_the_default_language_follows_the_browser() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(SubstituteFactory(language="sv"))
    assert _lang(client) == "en"


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
