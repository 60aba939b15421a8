"""Production settings: refuse a weak secret key; pass Django's deploy check with a strong one."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

MANAGE = Path(settings.BASE_DIR) / "manage.py"
KEY_MESSAGE = "SECRET_KEY must be set to a random value of at least 50 characters"


def manage(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "DEBUG"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOWED_HOSTS="vikarie.kristinehamn.example.se",
        STATIC_ROOT=str(tmp_path / "static"),
        **env,
    )
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(MANAGE), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("short-but-random-Xq8", id="too-short"),
        pytest.param("a" * 64, id="too-few-distinct-characters"),
        pytest.param("dev-only-not-secret-vikarieportalen-" + "x9Y8z7W6v5" * 3, id="dev-key"),
        pytest.param("django-insecure-" + "Qw3rTy8uI0pAsD1fGh2jKl4zXc5vBn6m" * 2, id="django-insecure"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path: Path, key: str | None) -> None:
    result = manage(["check"], tmp_path, **({} if key is None else {"SECRET_KEY": key}))
    assert result.returncode != 0
    assert KEY_MESSAGE in result.stderr


def test_production_passes_the_deploy_check_with_a_strong_key(tmp_path: Path) -> None:
    result = manage(
        ["check", "--deploy", "--fail-level", "WARNING"], tmp_path, SECRET_KEY=secrets.token_hex(40)
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_ignores_debug_and_sends_real_mail_by_default(tmp_path: Path) -> None:
    result = manage(
        [
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings as s; "
            "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.MAILERS['default']['BACKEND'])",
        ],
        tmp_path,
        SECRET_KEY=secrets.token_hex(40),
        DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "django.core.mail.backends.smtp.EmailBackend"]
