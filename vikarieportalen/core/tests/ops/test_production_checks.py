"""Production refuses unsafe configuration (core/ops/checks.py): one test per refusal, by its id.

The same checks on the real production settings, in a subprocess: core/tests/ops/test_settings.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from vikarieportalen.core.ops.checks import production_checks_enforce
from vikarieportalen.core.tests.production import compiled_locale, good_production, production_errors


@pytest.fixture
def locale(tmp_path: Path) -> Path:
    return compiled_locale(tmp_path / "locale")


def test_a_good_production_configuration_passes(locale: Path) -> None:
    assert production_errors(locale) == []


def test_outside_production_the_checks_say_nothing(locale: Path) -> None:
    assert (
        production_errors(
            locale,
            PRODUCTION=False,
            DEBUG=True,
            CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
            TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
            SMS_BACKEND="vikarieportalen.notifications.sms_backends.console.SmsBackend",
            LOCALE_PATHS=[locale.parent / "nowhere"],
        )
        == []
    )


def test_debug_on_is_refused(locale: Path) -> None:
    assert production_errors(locale, DEBUG=True) == ["core.E001"]


@pytest.mark.parametrize("backend", ["locmem.LocMemCache", "dummy.DummyCache"])
def test_a_per_process_cache_is_refused(locale: Path, backend: str) -> None:
    caches = {"default": {"BACKEND": f"django.core.cache.backends.{backend}"}}
    assert production_errors(locale, CACHES=caches) == ["core.E002"]


def test_a_single_process_may_keep_the_local_memory_cache(locale: Path) -> None:
    caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert production_errors(locale, CACHES=caches, SINGLE_PROCESS=True) == []


def test_a_missing_compiled_catalogue_is_refused(locale: Path) -> None:
    (locale / "sv" / "LC_MESSAGES" / "django.mo").unlink()
    assert production_errors(locale) == ["core.E003"]


def test_a_catalogue_compiled_before_its_last_change_is_refused(locale: Path) -> None:
    po_path = locale / "en" / "LC_MESSAGES" / "django.po"
    mo_mtime = (locale / "en" / "LC_MESSAGES" / "django.mo").stat().st_mtime
    os.utime(po_path, (mo_mtime + 60, mo_mtime + 60))  # the .po edited after compiling
    assert production_errors(locale) == ["core.E003"]


def test_a_language_without_any_catalogue_is_refused(tmp_path: Path) -> None:
    only_swedish = compiled_locale(tmp_path / "locale", languages=("sv",))
    assert production_errors(only_swedish) == ["core.E003"]


@pytest.mark.parametrize("backend", ["immediate.ImmediateBackend", "dummy.DummyBackend"])
def test_a_task_backend_that_runs_nothing_in_the_background_is_refused(locale: Path, backend: str) -> None:
    tasks = {"default": {"BACKEND": f"django.tasks.backends.{backend}"}}
    assert production_errors(locale, TASKS=tasks) == ["core.E004"]


def test_the_database_task_backend_is_accepted(locale: Path) -> None:
    assert production_errors(locale, TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}) == []


def test_start_up_refuses_with_every_error_and_its_hint(locale: Path) -> None:
    with (
        override_settings(**{**good_production(locale), "DEBUG": True}),
        pytest.raises(ImproperlyConfigured, match=r"core\.E001: DEBUG is on.* HINT: Remove DEBUG"),
    ):
        production_checks_enforce()
    with override_settings(**good_production(locale)):
        production_checks_enforce()  # nothing to refuse
