"""Shared test helpers: who is asking (clients per role and network), query counts, access rows.

Used by the tests of every app; nothing here runs in production.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from vikarieportalen.core.roles import Role

if TYPE_CHECKING:
    from vikarieportalen.accounts.models import User

# Documentation addresses (RFC 5737) outside, and addresses inside the test settings' networks:
# MUNICIPAL_NETWORKS = 10.20.0.0/16 and 2001:db8:20::/48, TRUSTED_PROXIES = 10.99.0.1.
OUTSIDE_ADDRESS = "203.0.113.9"
INSIDE_ADDRESS = "10.20.1.1"
INSIDE_ADDRESS_V6 = "2001:db8:20::15"
TRUSTED_PROXY_ADDRESS = "10.99.0.1"

TEST_PASSWORD = "Rätt-Lösenord-2026"  # noqa: S105 - the password every factory user has

# Races between real transactions need a database that runs them side by side; SQLite serialises them.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"
)


def cache_empty() -> None:
    """Empty the default cache, as a Redis restart would, for this test process only.

    On Redis only this process's keys go (its KEY_PREFIX, see config/settings/test.py): Django's
    ``cache.clear()`` is FLUSHDB, which would also empty the keys of the other test workers
    (``make test`` runs several) and of anything else on the same Redis database.
    """
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*"))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()
    from vikarieportalen.intranet.serving.caching import local_entries_clear

    local_entries_clear()  # the intranet's copies of cache entries in this process


def in_thread(work: Callable[[], object]) -> tuple[threading.Thread, dict[str, object]]:
    """A thread (not yet started) that runs ``work`` in English on its own database connection;
    the dict gets ``result`` or the ``error`` it raised."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            with translation.override("en"):
                outcome["result"] = work()
        except Exception as exc:
            outcome["error"] = exc
        finally:
            connection.close()

    return threading.Thread(target=run), outcome


class Who(StrEnum):
    """Who makes a request in an access test. Role members share the Role's value."""

    ANONYMOUS_OUTSIDE = "anonymous-outside"
    ANONYMOUS_INSIDE = "anonymous-inside"
    ANONYMOUS_FORGED_HEADER = "anonymous-forged-xff"
    ANONYMOUS_VIA_PROXY_INSIDE = "anonymous-via-proxy-inside"
    SUBSTITUTE = Role.SUBSTITUTE.value
    WORKPLACE_MANAGER = Role.WORKPLACE_MANAGER.value
    STAFFING_CENTRE = Role.STAFFING_CENTRE.value
    PAYROLL = Role.PAYROLL.value
    HR_SERVICE = Role.HR_SERVICE.value
    EDITOR = Role.EDITOR.value
    ADMINISTRATOR = Role.ADMINISTRATOR.value

    @property
    def role(self) -> Role | None:
        return Role(self.value) if self.value in Role._value2member_map_ else None


# The network each anonymous kind of client appears to come from (REMOTE_ADDR + headers).
_ANONYMOUS_META: dict[Who, dict[str, Any]] = {
    Who.ANONYMOUS_OUTSIDE: {"REMOTE_ADDR": OUTSIDE_ADDRESS},
    Who.ANONYMOUS_INSIDE: {"REMOTE_ADDR": INSIDE_ADDRESS},
    # An outsider claiming to be inside: the header is not believed, REMOTE_ADDR is no proxy.
    Who.ANONYMOUS_FORGED_HEADER: {"REMOTE_ADDR": OUTSIDE_ADDRESS, "HTTP_X_FORWARDED_FOR": INSIDE_ADDRESS},
    Who.ANONYMOUS_VIA_PROXY_INSIDE: {
        "REMOTE_ADDR": TRUSTED_PROXY_ADDRESS,
        "HTTP_X_FORWARDED_FOR": INSIDE_ADDRESS,
    },
}


def english(client: Client) -> Client:
    """``client`` with English chosen on the language switch (the cookie): a browser's language is none."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def client_from(address: str, **extra: Any) -> Client:
    """An anonymous client whose requests come from ``address`` (REMOTE_ADDR)."""
    return Client(REMOTE_ADDR=address, **extra)


def user_with_role(role: Role, **fields: Any) -> User:
    from vikarieportalen.accounts.tests.factories import UserFactory

    return UserFactory.create(roles=[role], **fields)


def client_for(who: Who | Role, *, user: User | None = None, strong: bool | None = None) -> Client:
    """A client for ``who``. Role members are logged in and come from outside the network.

    Pass ``user`` to log in an existing user instead of a new one with the role. Staff (every role
    but substitute) are logged in with high assurance, as if with password + SMS code, so a test is
    about roles and not about step-up; ``strong=False`` logs them in with a password only, and
    ``strong=True`` gives a substitute high assurance too. See ``client_logged_in``.
    """
    who = Who(who.value)
    if who in _ANONYMOUS_META:
        return Client(**_ANONYMOUS_META[who])
    role = who.role
    if role is None:
        raise ValueError(f"no role for {who}")
    return client_logged_in(user or user_with_role(role), strong=strong)


def client_logged_in(user: User, *, address: str = OUTSIDE_ADDRESS, strong: bool | None = None) -> Client:
    """A client with ``user`` logged in (``force_login``), from ``address``.

    ``strong``: True records a high-assurance login (password + SMS code), False a password-only
    one; None (the default) records high assurance for staff and nothing for anyone else, which a
    substitute's strong-login pages treat as too weak.
    """
    from vikarieportalen.accounts.login.assurance import METHOD_LEVEL, SESSION_KEY, Method
    from vikarieportalen.accounts.login.personal_data import user_is_staff

    client = Client(REMOTE_ADDR=address)
    client.force_login(user)
    if strong is None and user_is_staff(user):
        strong = True
    if strong is not None:
        session = client.session
        method = Method.PASSWORD_SMS if strong else Method.PASSWORD
        session[SESSION_KEY] = {
            "level": METHOD_LEVEL[method].value,
            "method": method.value,
            "at": timezone.now().isoformat(),
        }
        session.save()
    return client


# ---------------------------------------------------------------------------------------------
# Query counts


@dataclass(frozen=True)
class QueryCounts:
    before: int
    after: int


def _render_counted(client: Client, url: str, status: int) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != status:
        raise AssertionError(f"GET {url} gave {response.status_code}, expected {status}")
    return len(captured), [query["sql"] for query in captured.captured_queries]


def assert_queries_do_not_grow(
    client: Client, url: str, grow: Callable[[], object], *, status: int = 200
) -> QueryCounts:
    """Fail if rendering ``url`` takes more queries after ``grow()`` has added data.

    The page is rendered once to warm caches (site root, content types), counted, grown, counted
    again. Use it on every list page: ``assert_queries_do_not_grow(client, "/", add_notices)``.
    """
    client.get(url)
    before, _sql_before = _render_counted(client, url, status)
    grow()
    after, sql_after = _render_counted(client, url, status)
    if after > before:
        listing = "\n".join(f"  {i}. {sql}" for i, sql in enumerate(sql_after, 1))
        raise AssertionError(
            f"GET {url}: {before} queries before adding data, {after} after. Queries after:\n{listing}"
        )
    return QueryCounts(before=before, after=after)


# ---------------------------------------------------------------------------------------------
# Access rows (see vikarieportalen/core/tests/test_access_matrix.py)

LOGIN = "login"  # a redirect to the portal's login page with ?next=<the requested path>


@dataclass(frozen=True)
class RedirectTo:
    """A redirect to exactly this place (e.g. Django admin's own login page)."""

    location: str

    def __str__(self) -> str:
        return f"→{self.location}"


Expected = int | str | RedirectTo

# The columns of an access table, in this order; the tables abbreviate them as
# out, in, forged, proxy, subst, mgr, staff, pay, hr, editor, admin.
WHO_COLUMNS: tuple[Who, ...] = tuple(Who)


@dataclass(frozen=True)
class AccessRow:
    url: str
    who: Who
    expected: Expected
    method: str = "get"
    setup: Callable[[], object] | None = None

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url} | {self.who} → {self.expected}"


def access_table(
    rows: Sequence[tuple[Any, ...]],
    *,
    method: str = "get",
    setup: Callable[[], object] | None = None,
) -> list[AccessRow]:
    """Expand a readable table into one AccessRow per (url, who).

    Each row is ``(url, expected for each of WHO_COLUMNS in order)``; a row that leaves out a
    column is a mistake and fails at import, so a new kind of user cannot be forgotten.
    """
    expanded: list[AccessRow] = []
    for url, *cells in rows:
        if len(cells) != len(WHO_COLUMNS):
            raise ValueError(f"{url}: {len(cells)} expectations for {len(WHO_COLUMNS)} columns")
        for who, expected in zip(WHO_COLUMNS, cells, strict=True):
            expanded.append(AccessRow(url=url, who=who, expected=expected, method=method, setup=setup))
    return expanded
