"""A throwaway portal: demo database, collected static files and a gunicorn process, all in a temp dir.

Used by the pytest fixtures in conftest.py and by `e2e/screenshots.py`. It runs the same management
commands as `make run` and serves with gunicorn and DEBUG off, so whitenoise serves the static files
exactly as in production. The browser on 127.0.0.1 counts as inside the municipal network.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Playwright
from support import DEMO_USERS

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
GUNICORN = VENV_BIN / "gunicorn"
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless; Playwright's own browser downloads are never used."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(tmp: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # pytest-django exports config.settings.test; the server must not inherit it.
        if not key.startswith(("DJANGO_", "PYTEST_"))
    }
    env.update(
        {
            # config/wsgi.py defaults to production settings: name the dev settings explicitly.
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": f"sqlite:///{tmp / 'e2e.sqlite3'}",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp / "private"),  # support attachments
            "MUNICIPAL_NETWORKS": "127.0.0.0/8",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # No worker runs beside gunicorn, so background tasks run at once.
            "TASK_BACKEND": "immediate",
            # SMS are written to files the tests read (sent_sms() in support.py), at any hour.
            "SMS_BACKEND": "vikarieportalen.notifications.sms_backends.filebased.SmsBackend",
            "SMS_FILE_PATH": str(tmp / "sms"),
            "NOTIFICATIONS_QUIET_HOURS": "off",
            # The whole suite logs the same demo users in with SMS codes, from one address, within
            # minutes; the caps themselves are tested in accounts/login/tests/test_sms_codes.py.
            "SMS_CODES_PER_ACCOUNT_15_MIN": "100",
            "SMS_CODES_PER_ACCOUNT_DAY": "1000",
            "SMS_CODES_PER_ADDRESS_15_MIN": "1000",
            "SMS_CODES_PER_ADDRESS_DAY": "10000",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("REDIS_URL", None)
    # Each command is a fresh Python process that imports Django and Wagtail. With bytecode writing
    # switched off (PYTHONDONTWRITEBYTECODE) that costs ~10 s per process; a cache outside the source
    # tree, shared between runs, brings it down to ~2 s without leaving __pycache__ in the checkout.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir()) / "vikarieportalen-e2e-pycache"))
    return env


def manage(env: dict[str, str], *args: str) -> str:
    completed = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed ({completed.returncode}):\n"
            f"{completed.stdout}\n{completed.stderr}"
        )
    return completed.stdout


def _wait_for_health(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/health/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /health/ within {timeout} s:\n{log.read_text()}")


@contextmanager
def demo_environment() -> Iterator[tuple[Path, dict[str, str]]]:
    """A temp dir with a migrated, seeded demo database and collected static files."""
    with tempfile.TemporaryDirectory(prefix="vp-e2e-") as tmp_name:
        tmp = Path(tmp_name)
        env = server_env(tmp)
        # Read by support.sent_sms(). A second portal (e2e/test_pwa.py starts its own) points it at
        # its own SMS, and gives the first portal's back when it stops.
        outer_sms_dir = os.environ.get("E2E_SMS_DIR")
        os.environ["E2E_SMS_DIR"] = env["SMS_FILE_PATH"]
        try:
            manage(env, "migrate", "--noinput")
            seed_output = manage(env, "seed_demo")
            for username in DEMO_USERS.values():
                if not re.search(rf"\b{username}\b", seed_output):
                    raise RuntimeError(f"seed_demo no longer prints {username}:\n{seed_output}")
            manage(env, "compile_translations")
            manage(env, "collectstatic", "--noinput")
            yield tmp, env
        finally:
            if outer_sms_dir is None:
                os.environ.pop("E2E_SMS_DIR", None)
            else:
                os.environ["E2E_SMS_DIR"] = outer_sms_dir


@contextmanager
def gunicorn(tmp: Path, env: dict[str, str]) -> Iterator[str]:
    """Serves the portal on 127.0.0.1 and a free port; yields the base URL, stops on exit."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp / "gunicorn.log"
    with log.open("wb") as log_file:
        # fmt: off
        process = subprocess.Popen(
            [
                str(GUNICORN), "-c", "config/gunicorn.conf.py", "config.wsgi",
                "--bind", f"127.0.0.1:{port}",
                "--preload", "--workers", "2", "--threads", "4", "--timeout", "60", "--graceful-timeout", "3",
                "--access-logfile", "-",
            ],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )
        # fmt: on
        try:
            _wait_for_health(url, process, log)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if os.environ.get("E2E_SHOW_SERVER_LOG"):
                sys.stderr.write(log.read_text())


@contextmanager
def running_portal() -> Iterator[str]:
    with demo_environment() as (tmp, env), gunicorn(tmp, env) as url:
        yield url
