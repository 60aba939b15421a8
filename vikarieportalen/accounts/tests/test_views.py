"""Logging in and out, the header, and the profile page, through the test client."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from vikarieportalen.accounts.login.forms import LoginForm
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import SubstituteFactory, UserFactory, WorkplaceManagerFactory
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.tests.factories import WorkplaceFactory
from vikarieportalen.testing import OUTSIDE_ADDRESS, TEST_PASSWORD, client_logged_in, english

pytestmark = pytest.mark.django_db

LOGIN_URL = "/konto/logga-in/"


@pytest.fixture
def sara() -> User:
    return SubstituteFactory(
        username="JOSA9804", preferred_given_name="Sara", family_name="Johansson", mobile="+46701234567"
    )


@pytest.fixture
def client() -> Client:
    return Client(REMOTE_ADDR=OUTSIDE_ADDRESS)


def log_in(client: Client, username: str, password: str = TEST_PASSWORD, next_url: str = "") -> object:
    data = {"username": username, "password": password}
    url = f"{LOGIN_URL}?next={next_url}" if next_url else LOGIN_URL
    if next_url:
        data["next"] = next_url
    return client.post(url, data)


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_login_page_shows_the_form_and_the_username_rule(client: Client) -> None:
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert "JOSA9804" in response.text


def test_login_with_the_form_redirects_to_the_start_page(client: Client, sara: User) -> None:
    response = log_in(client, "JOSA9804")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(client) == str(sara.pk)


@pytest.mark.parametrize("typed", ["josa9804", "JoSa9804"])
def test_username_is_case_insensitive(client: Client, sara: User, typed: str) -> None:
    log_in(client, typed)
    assert logged_in_user_id(client) == str(sara.pk)


def test_login_sets_last_login(client: Client, sara: User) -> None:
    assert sara.last_login is None
    log_in(client, "JOSA9804")
    sara.refresh_from_db()
    assert sara.last_login is not None


def test_wrong_password_shows_the_swedish_message_and_changes_nothing(client: Client, sara: User) -> None:
    response = log_in(client, "JOSA9804", password="fel-lösenord")
    assert response.status_code == 200
    with translation.override("sv"):
        swedish = str(LoginForm.error_messages["invalid_login"])
    assert swedish.startswith("Fel användarnamn eller lösenord")
    assert escape(swedish) in response.text
    assert logged_in_user_id(client) is None
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    sara.refresh_from_db()
    assert sara.last_login is None


def test_unknown_username_gets_the_same_message(client: Client, sara: User) -> None:
    wrong_password = log_in(client, "JOSA9804", password="fel-lösenord")
    unknown_user = log_in(client, "NOSU0101")
    assert (
        wrong_password.context["form"].non_field_errors() == unknown_user.context["form"].non_field_errors()
    )


def test_inactive_user_cannot_log_in(client: Client, sara: User) -> None:
    sara.is_active = False
    sara.save()
    assert log_in(client, "JOSA9804").status_code == 200
    assert logged_in_user_id(client) is None


def test_next_is_honoured(client: Client, sara: User) -> None:
    response = log_in(client, "josa9804", next_url="/konto/mina-uppgifter/")
    assert response["Location"] == "/konto/mina-uppgifter/"


def test_next_to_another_site_is_ignored(client: Client, sara: User) -> None:
    response = log_in(client, "josa9804", next_url="https://evil.example.com/")
    assert response["Location"] == "/"


def test_login_page_keeps_next_in_the_form(client: Client) -> None:
    response = client.get(f"{LOGIN_URL}?next=/konto/mina-uppgifter/")
    assert 'name="next" value="/konto/mina-uppgifter/"' in response.text


def test_logout_by_post_ends_the_session(sara: User) -> None:
    client = client_logged_in(sara)
    response = client.post("/konto/logga-ut/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(client) is None
    assert client.get("/konto/mina-uppgifter/").status_code == 302


def test_logout_by_get_is_refused_and_keeps_the_session(sara: User) -> None:
    client = client_logged_in(sara)
    assert client.get("/konto/logga-ut/").status_code == 405
    assert logged_in_user_id(client) == str(sara.pk)


def test_header_shows_the_users_name_and_role_label(sara: User) -> None:
    client = client_logged_in(sara)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = client.get("/konto/mina-uppgifter/")
    with translation.override("sv"):
        label = Role.SUBSTITUTE.label
    assert label == "Timvikarie"
    assert '<span class="who__name">Sara Johansson</span>' in response.text
    assert f'<span class="who__roles">{label}</span>' in response.text


def test_header_lists_every_role_of_the_user() -> None:
    user = UserFactory(roles=[Role.STAFFING_CENTRE, Role.EDITOR])
    response = english(client_logged_in(user)).get("/konto/mina-uppgifter/")
    assert '<span class="who__roles">Staffing centre, Editor</span>' in response.text


def test_profile_shows_own_details_with_mobile_in_national_form(sara: User) -> None:
    response = client_logged_in(sara).get("/konto/mina-uppgifter/")
    assert "JOSA9804" in response.text
    assert "070-123 45 67" in response.text


def test_profile_lists_only_the_managers_active_workplaces() -> None:
    manager = WorkplaceManagerFactory()
    WorkplaceFactory(name="Förskolan Ugglan", managers=[manager])
    WorkplaceFactory(name="Hemtjänst Norr", managers=[manager], is_active=False)
    WorkplaceFactory(name="Strandskolan", managers=[WorkplaceManagerFactory()])
    response = client_logged_in(manager).get("/konto/mina-uppgifter/")
    assert "Förskolan Ugglan" in response.text
    assert "Hemtjänst Norr" not in response.text
    assert "Strandskolan" not in response.text


def test_substitute_sees_no_workplace_list(sara: User) -> None:
    WorkplaceFactory(name="Förskolan Ugglan", managers=[sara])
    assert "Förskolan Ugglan" not in client_logged_in(sara).get("/konto/mina-uppgifter/").text
