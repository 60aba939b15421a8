"""Production settings: refuse a weak secret key and unsafe configuration (core/ops/checks.py); pass
Django's deploy check and start the WSGI application with a good configuration."""

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


# What a real installation sets besides the secret key (docs/deployment.md): Redis for the cache and
# the task queue, and the 46elks gateway with its callback secret. Nothing here connects to them.
GOOD_PRODUCTION = {
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "TASK_BACKEND": "rq",
    "SMS_BACKEND": "vikarieportalen.notifications.sms_backends.elks.SmsBackend",
    "ELKS_API_USERNAME": "u0123456789abcdef",
    "ELKS_API_PASSWORD": "not-a-real-password",
    "SMS_CALLBACK_SECRET": "Zq4-long-random-callback-secret-8Hw2",
}
OUTER = {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DEBUG", "SINGLE_PROCESS", *GOOD_PRODUCTION}


def manage(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return python([str(MANAGE), *args], tmp_path, **env)


def python(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Python in the repository with the production settings and `env`, nothing from outside."""
    environment = {key: value for key, value in os.environ.items() if key not in OUTER}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOWED_HOSTS="vikarie.kristinehamn.example.se",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own code with fixed arguments
        [sys.executable, *args],
        cwd=MANAGE.parent,
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
    """A good production configuration passes every check, the production ones included."""
    result = manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        SECRET_KEY=secrets.token_hex(40),
        **GOOD_PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_wsgi_application_starts_with_a_good_production_configuration(tmp_path: Path) -> None:
    result = python(
        ["-c", "import config.wsgi; print('started')"],
        tmp_path,
        SECRET_KEY=secrets.token_hex(40),
        **GOOD_PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["started"]


UNSAFE = {
    **GOOD_PRODUCTION,
    "REDIS_URL": "",  # the local-memory cache
    "TASK_BACKEND": "database",
    "SMS_BACKEND": "vikarieportalen.notifications.sms_backends.console.SmsBackend",
}


def test_production_commands_refuse_unsafe_configuration(tmp_path: Path) -> None:
    result = manage(["migrate", "--noinput"], tmp_path, SECRET_KEY=secrets.token_hex(40), **UNSAFE)
    assert result.returncode != 0
    assert "core.E002" in result.stderr and "notifications.E001" in result.stderr
    assert "Applying" not in result.stdout


def test_the_wsgi_application_refuses_unsafe_configuration(tmp_path: Path) -> None:
    """gunicorn imports config.wsgi without running Django's checks: it runs the production ones."""
    result = python(["-c", "import config.wsgi"], tmp_path, SECRET_KEY=secrets.token_hex(40), **UNSAFE)
    assert result.returncode != 0
    assert "Refusing to start with an unsafe production configuration" in result.stderr
    assert "core.E002" in result.stderr and "notifications.E001" in result.stderr


def test_production_accepts_the_local_memory_cache_for_a_single_process(tmp_path: Path) -> None:
    result = manage(
        ["check"],
        tmp_path,
        SECRET_KEY=secrets.token_hex(40),
        **{**GOOD_PRODUCTION, "REDIS_URL": "", "TASK_BACKEND": "database", "SINGLE_PROCESS": "true"},
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


def test_production_refuses_to_relax_staff_assurance(tmp_path: Path) -> None:
    result = manage(
        ["check"], tmp_path, SECRET_KEY=secrets.token_hex(40), STAFF_PERSONAL_DATA_ASSURANCE="low"
    )
    assert result.returncode != 0
    assert "STAFF_PERSONAL_DATA_ASSURANCE must be 'high' in production" in result.stderr


def test_an_unknown_staff_assurance_is_refused_everywhere(tmp_path: Path) -> None:
    result = manage(
        ["check"],
        tmp_path,
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        STAFF_PERSONAL_DATA_ASSURANCE="medium",
    )
    assert result.returncode != 0
    assert "STAFF_PERSONAL_DATA_ASSURANCE must be 'high' or 'low', not 'medium'" in result.stderr


def test_a_demo_may_relax_staff_assurance(tmp_path: Path) -> None:
    result = manage(
        [
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings as s; print(s.STAFF_PERSONAL_DATA_ASSURANCE)",
        ],
        tmp_path,
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        STAFF_PERSONAL_DATA_ASSURANCE="low",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["low"]
