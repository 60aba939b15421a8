from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from pytest_django import DjangoDbBlocker
from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

from vikarieportalen import migrated_template

# Hypothesis under pytest: the "ci" profile, unless HYPOTHESIS_PROFILE names another ("default" is
# Hypothesis's own). A property test checks the rule, not the machine's speed: on a loaded machine
# (CI, or tests beside other work on two cores) one slow example or a slow batch of generated data
# is no bug, so neither a deadline nor the too_slow health check may fail a test. The number of
# examples stays Hypothesis's default (100) unless a test says otherwise.
settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: builds the whole demo municipality or starts subprocesses")


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Each test starts in the default language (Swedish), as when it runs alone. A request through
    the test client activates its visitor's language in the thread and nothing switches it back, so
    a test after an English request would otherwise word its messages in English."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache: login throttles and rate limits must not leak between tests."""
    from vikarieportalen.testing import cache_empty

    cache_empty()


# A test with transaction=True ends in a flush, which empties every table, the rows the data
# migrations made too (Wagtail's root page and collection, the site, the start page…): any test after
# it on the same process would find them gone. pytest-django runs such tests last, but `make test`
# runs the suite in parallel, a file at a time per process, so they come mid-run. So each gets
# Django's serialized rollback (the migrated database kept as a string, and a flush that does not
# make content types and permissions again under new ids), and its rows are loaded back after it.
_FLUSHED_WITH = pytest.StashKey[DjangoDbBlocker]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        transactional = (marker is not None and marker.kwargs.get("transaction")) or (
            "transactional_db" in fixtures or "live_server" in fixtures
        )
        if transactional and not (marker is not None and marker.kwargs.get("serialized_rollback")):
            args, kwargs = (marker.args, marker.kwargs) if marker is not None else ((), {})
            closest = pytest.mark.django_db(
                *args, **{**kwargs, "transaction": True, "serialized_rollback": True}
            )
            item.add_marker(closest, append=False)


@pytest.fixture(autouse=True)
def _migrated_rows_back_after_a_flush(
    request: pytest.FixtureRequest, django_db_blocker: DjangoDbBlocker
) -> None:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("serialized_rollback"):
        request.getfixturevalue("transactional_db")  # set up already; its teardown flushes
        request.node.stash[_FLUSHED_WITH] = django_db_blocker


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    try:
        return (yield)
    finally:
        blocker = item.stash.get(_FLUSHED_WITH, None)
        # The last test of a process (nextitem None) has no one to load the rows for: the session's
        # teardown, which ran inside this hook, has already dropped the test database.
        if blocker is not None and nextitem is not None:
            from django.db import connections

            with blocker.unblock():
                for connection in connections.all():
                    contents = getattr(connection, "_test_serialized_contents", None)
                    if contents:
                        connection.creation.deserialize_db_from_string(contents)


# Each test process makes its own test database (in memory on SQLite), and migrating it from nothing
# costs some 20 CPU-seconds. pytest-django's django_db_setup, with one change: on SQLite, Django's
# `migrate` finds the database already migrated, copied from a template that `manage.py migrate`
# made (see vikarieportalen/migrated_template.py; remade when a migration changes), and so applies
# only what the template lacks and sends post_migrate as always. --no-migrations and --reuse-db
# work as before; PostgreSQL migrates as before.
@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: DjangoDbBlocker,
    django_db_use_migrations: bool,
    django_db_keepdb: bool,
    django_db_createdb: bool,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    from django.test.utils import setup_databases, teardown_databases

    if not django_db_use_migrations:
        _disable_migrations()
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    arguments: dict[str, Any] = {
        "verbosity": request.config.option.verbose,
        "interactive": False,
        "aliases": aliases,
        "serialized_aliases": serialized_aliases,
    }
    if django_db_keepdb and not django_db_createdb:
        arguments["keepdb"] = True
    with django_db_blocker.unblock(), _migrate_from_template(enabled=django_db_use_migrations):
        db_cfg = setup_databases(**arguments)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


@contextmanager
def _migrate_from_template(*, enabled: bool) -> Iterator[None]:
    """While Django creates the test databases, its `migrate` of an in-memory SQLite one first copies
    the template in."""
    from django.conf import settings
    from django.core import management
    from django.core.management.base import BaseCommand
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite

    call_command = management.call_command

    def migrate_copying_the_template(command_name: BaseCommand | str, *args: Any, **options: Any) -> str:
        connection = connections[options.get("database", DEFAULT_DB_ALIAS)]
        if command_name == "migrate" and isinstance(connection, SQLite) and connection.is_in_memory_db():
            connection.ensure_connection()
            migrated_template.copy_into(
                migrated_template.template_path(settings.SETTINGS_MODULE), connection.connection
            )
        return call_command(command_name, *args, **options)

    if enabled:
        management.call_command = migrate_copying_the_template
    try:
        yield
    finally:
        management.call_command = call_command
