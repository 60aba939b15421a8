"""A good production configuration, and the production checks' answer to it with one thing changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.core import checks
from django.test import override_settings

from vikarieportalen.core.ops.checks import PRODUCTION_TAG


def compiled_locale(root: Path, languages: tuple[str, ...] = ("sv", "en")) -> Path:
    """A locale folder with a small catalogue for each language, compiled after it was written."""
    for code in languages:
        folder = root / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        catalogue = polib.POFile()
        catalogue.append(polib.POEntry(msgid="Book", msgstr="Boka" if code == "sv" else ""))
        catalogue.save(str(folder / "django.po"))
        catalogue.save_as_mofile(str(folder / "django.mo"))
    return root


def good_production(locale: Path) -> dict[str, Any]:
    return {
        "PRODUCTION": True,
        "SINGLE_PROCESS": False,
        "DEBUG": False,
        "CACHES": {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/0",
            }
        },
        "TASKS": {"default": {"BACKEND": "vikarieportalen.notifications.jobs.task_backends.RQBackend"}},
        "SMS_BACKEND": "vikarieportalen.notifications.sms_backends.elks.SmsBackend",
        "SMS_CALLBACK_SECRET": "Zq4-long-random-callback-secret-8Hw2",
        "PUSH_ALLOW_PRIVATE_ADDRESSES": False,
        "LOCALE_PATHS": [locale],
    }


def production_errors(locale: Path, **changed: Any) -> list[str]:
    """The ids of the production checks' errors for the good configuration with `changed` applied."""
    with override_settings(**{**good_production(locale), **changed}):
        return [
            message.id or "" for message in checks.run_checks(tags=[PRODUCTION_TAG]) if message.is_serious()
        ]
