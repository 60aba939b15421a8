"""The session's user and its roles in one query (accounts/login/backends.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY as USER_SESSION_KEY
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.test import Client

from vikarieportalen.accounts.login.backends import PORTAL_BACKEND, PortalBackend
from vikarieportalen.accounts.tests.factories import UserFactory
from vikarieportalen.core.roles import Role
from vikarieportalen.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db

OLD_BACKEND = "django.contrib.auth.backends.ModelBackend"
MY_DETAILS = "/konto/mina-uppgifter/"


def test_the_user_comes_with_every_role_in_one_query(django_assert_num_queries) -> None:
    person = UserFactory(roles=[Role.PAYROLL, Role.WORKPLACE_MANAGER, Role.SUBSTITUTE])
    with django_assert_num_queries(1):
        user = PortalBackend().get_user(person.pk)
        assert user is not None
        assert user.roles() == [Role.SUBSTITUTE, Role.WORKPLACE_MANAGER, Role.PAYROLL]
        assert user.has_role(Role.PAYROLL) and not user.has_role(Role.EDITOR)


def test_a_user_without_roles_has_none_and_asks_no_more(django_assert_num_queries) -> None:
    person = UserFactory()
    with django_assert_num_queries(1):
        user = PortalBackend().get_user(person.pk)
        assert user is not None and user.roles() == []


def test_a_removed_role_is_gone_at_the_next_load() -> None:
    person = UserFactory(roles=[Role.STAFFING_CENTRE, Role.SUBSTITUTE])
    person.groups.remove(Group.objects.get(name=Role.STAFFING_CENTRE.value))
    user = PortalBackend().get_user(person.pk)
    assert user is not None and user.roles() == [Role.SUBSTITUTE]


def test_an_inactive_or_unknown_user_is_not_restored() -> None:
    person = UserFactory(roles=[Role.SUBSTITUTE], is_active=False)
    assert PortalBackend().get_user(person.pk) is None
    assert PortalBackend().get_user(person.pk + 1000) is None


def test_it_never_checks_a_password_and_django_s_backend_checks_it_once() -> None:
    person = UserFactory()
    assert PortalBackend().authenticate(None, username=person.username, password=TEST_PASSWORD) is None
    user = authenticate(None, username=person.username, password=TEST_PASSWORD)
    assert user is not None and user.backend == OLD_BACKEND  # type: ignore[attr-defined]
    assert authenticate(None, username=person.username, password="wrong") is None


def test_logging_in_stores_this_backend_and_a_session_from_before_it_still_works() -> None:
    person = UserFactory(roles=[Role.SUBSTITUTE])
    client = Client()
    response = client.post("/konto/logga-in/", {"username": person.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == PORTAL_BACKEND
    assert client.get(MY_DETAILS).status_code == 200

    earlier = Client()
    earlier.force_login(person, backend=OLD_BACKEND)  # a session made before this backend
    assert earlier.session[USER_SESSION_KEY] == str(person.pk)
    assert earlier.get(MY_DETAILS).status_code == 200


def test_a_session_id_that_is_no_number_restores_nobody(django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        assert PortalBackend().get_user("1 OR 1=1") is None
