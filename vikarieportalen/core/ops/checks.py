"""Production refuses unsafe configuration: system-check errors, active with PRODUCTION = True.

``config.settings.production`` sets ``PRODUCTION = True``; in development and tests these checks
say nothing. Django runs system checks before ``migrate``, ``run_scheduler``, ``db_worker``,
``rqworker`` and ``check``, but not when gunicorn imports the WSGI application, so
``config/wsgi.py`` and ``config/asgi.py`` call ``production_checks_enforce`` at start-up too.
Each refusal is listed in docs/deployment.md, "Refused configuration"; the SMS and push ones live in
``notifications/checks.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

# The tag of every production check: `manage.py check --tag production` runs only these.
PRODUCTION_TAG = "production"

# Caches that live inside one process: each gunicorn worker, the task worker and the scheduler
# would have its own, so login throttles and rate limits would count per process.
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
# Task backends that run nothing in the background: the immediate one sends SMS inside the
# request (a slow gateway holds the page; a failure is never retried), the dummy one never runs.
REFUSED_TASK_BACKENDS = (
    "django.tasks.backends.immediate.ImmediateBackend",
    "django.tasks.backends.dummy.DummyBackend",
)


def in_production() -> bool:
    return bool(getattr(settings, "PRODUCTION", False))


@checks.register(PRODUCTION_TAG)
def check_debug(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not in_production() or not settings.DEBUG:
        return []
    return [
        checks.Error(
            "DEBUG is on: error pages would show settings, code and personal data to anyone.",
            hint="Remove DEBUG from the environment; config.settings.production turns it off.",
            id="core.E001",
        )
    ]


@checks.register(PRODUCTION_TAG)
def check_cache(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not in_production() or getattr(settings, "SINGLE_PROCESS", False):
        return []
    return [
        checks.Error(
            f"The cache {alias!r} ({config['BACKEND']}) lives inside one process, but production "
            "runs several: login throttles and rate limits would be counted per process.",
            hint="Set REDIS_URL. Only if exactly one web process serves the portal (gunicorn "
            "--workers 1), set SINGLE_PROCESS=true to accept a per-process cache.",
            id="core.E002",
        )
        for alias, config in settings.CACHES.items()
        if config["BACKEND"] in PROCESS_LOCAL_CACHES
    ]


def translations_missing(*, locale_dirs: Sequence[Path | str], languages: Sequence[str]) -> list[str]:
    """What keeps the catalogues from being served: a language without a compiled catalogue, and
    every .po file whose .mo is missing or older (each as a short description)."""
    problems = []
    compiled = set()
    for locale_dir in map(Path, locale_dirs):
        for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if not mo_path.exists():
                problems.append(f"{mo_path} is missing")
            elif mo_path.stat().st_mtime < po_path.stat().st_mtime:
                problems.append(f"{mo_path} is older than {po_path.name}")
        compiled |= {path.parent.parent.name for path in locale_dir.glob("*/LC_MESSAGES/django.mo")}
    problems += [f"no compiled catalogue for {code!r}" for code in languages if code not in compiled]
    return problems


@checks.register(PRODUCTION_TAG)
def check_translations(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    if not in_production():
        return []
    problems = translations_missing(
        locale_dirs=settings.LOCALE_PATHS, languages=[code for code, _name in settings.LANGUAGES]
    )
    if not problems:
        return []
    return [
        checks.Error(
            "The translations are not compiled, so the portal would show English source texts: "
            + "; ".join(problems)
            + ".",
            hint="Run `python -m vikarieportalen.core.i18n locale` (or `manage.py compile_translations`) "
            "after every update; the container image does it at build.",
            id="core.E003",
        )
    ]


@checks.register(PRODUCTION_TAG)
def check_task_backend(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    if not in_production():
        return []
    refused = tuple(import_string(path) for path in REFUSED_TASK_BACKENDS)
    return [
        checks.Error(
            f"The task backend {alias!r} ({config['BACKEND']}) runs no task in the background: SMS "
            "and e-mail would be sent inside the request or never, and failures never retried.",
            hint="Set TASK_BACKEND=rq (with REDIS_URL) or TASK_BACKEND=database, and run a worker.",
            id="core.E004",
        )
        for alias, config in settings.TASKS.items()
        if issubclass(import_string(config["BACKEND"]), refused)
    ]


def production_checks_enforce() -> None:
    """Run the production checks now and refuse to go on after an error (the WSGI/ASGI start-up)."""
    errors = [
        message
        for message in checks.run_checks(tags=[PRODUCTION_TAG])
        if message.is_serious() and not message.is_silenced()
    ]
    if errors:
        raise ImproperlyConfigured(
            "Refusing to start with an unsafe production configuration:\n"
            + "\n".join(f"{message.id}: {message.msg} HINT: {message.hint}" for message in errors)
        )
