"""The shared test helpers fail when they should (a helper that never fails protects nothing)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client

from vikarieportalen.core.roles import Role
from vikarieportalen.intranet import selectors
from vikarieportalen.intranet.models import ContactCard
from vikarieportalen.intranet.tests.factories import ContactCardFactory, staffing_centre_contact
from vikarieportalen.testing import (
    INSIDE_ADDRESS,
    WHO_COLUMNS,
    Who,
    access_table,
    assert_queries_do_not_grow,
    cache_empty,
    client_for,
)


@pytest.mark.django_db
def test_query_count_helper_catches_a_query_per_row(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the prefetch each card's opening hours cost one more query.
    monkeypatch.setattr(selectors, "contact_card_list", lambda: ContactCard.objects.all())
    staffing_centre_contact()

    def add_cards() -> None:
        ContactCardFactory.create_batch(3, hours=[([0], dt.time(8), dt.time(12))])

    with pytest.raises(AssertionError, match="queries before adding data"):
        assert_queries_do_not_grow(Client(REMOTE_ADDR=INSIDE_ADDRESS), "/", add_cards)


@pytest.mark.django_db
def test_query_count_helper_checks_the_status() -> None:
    with pytest.raises(AssertionError, match="gave 302"):
        assert_queries_do_not_grow(Client(), "/", lambda: None)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_client_for_a_role_is_logged_in_with_that_role(role: Role) -> None:
    client = client_for(role)
    response = client.get("/konto/mina-uppgifter/")
    assert response.status_code == 200
    assert response.context["user"].roles() == [role]


def test_every_role_is_a_column() -> None:
    assert {who.role for who in WHO_COLUMNS if who.role} == set(Role)
    assert Who.ANONYMOUS_OUTSIDE.role is None


def test_access_table_refuses_a_row_with_a_column_missing() -> None:
    with pytest.raises(ValueError, match="columns"):
        access_table([("/", *[200] * (len(WHO_COLUMNS) - 1))])


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set")
def test_cache_empty_on_redis_leaves_other_processes_keys_alone() -> None:
    """The tests run in parallel on one Redis database: emptying this worker's cache must not
    empty the others' (Django's cache.clear() is FLUSHDB)."""
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    client = cache._cache.get_client(write=True)
    others = f"{cache.key_prefix}-another-worker:1:throttle"
    client.set(others, b"4")
    try:
        cache.set("throttle", 3)
        cache_empty()
        assert cache.get("throttle") is None
        assert client.get(others) == b"4"
    finally:
        client.delete(others)
