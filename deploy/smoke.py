"""deploy/smoke: the production processes on this machine, and a person using them in Chromium.

No container runtime runs here, so this runs what the image runs, the same way: translations
compiled and static files collected as the image's build does, then ``deploy/entrypoint.sh web``
(migrate, gunicorn), ``worker`` (RQ) and ``scheduler``, with ``config.settings.production``, a fresh
PostgreSQL database, a Redis database of its own and a local fake 46elks gateway over HTTP.

Then headless Chromium logs in a member of the staffing centre with password + SMS code (read from
the fake gateway), sees the Swedish start page, books a substitute on an open shift from the
booking board, and waits until the booking SMS reaches the gateway. Everything started here is
stopped at the end, whatever happened.

What differs from a real installation, and why:
- gunicorn terminates TLS itself (``GUNICORN_CMD_ARGS``: a certificate made now by ``openssl``) in
  place of nginx, so the production cookies (``__Host-``, ``Secure``), the HTTPS redirect and
  HSTS stay as they are; Chromium is told to accept the self-signed certificate.
- ``NOTIFICATIONS_QUIET_HOURS=off``: the booking SMS is not held until 07:00 when this runs at night.
- E-mail goes to the worker's console instead of an SMTP server.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
PYTHON = ROOT / ".venv" / "bin" / "python"
sys.path.insert(0, str(ROOT))

from vikarieportalen.notifications.tests.fake_gateway import FakeElks, start  # noqa: E402

PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
REDIS_DB = 13  # a database number of its own: RQ's queue keys carry no prefix
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
STAFF = "LILE7514"  # the demo's staffing centre (seed_demo prints it)
DEMO_PASSWORD = "Sommar-Vikarie-2026"
CODE = re.compile(r"\b(\d{6})\b")  # the login code in its SMS


def log(text: str) -> None:
    print(f"[smoke {time.monotonic() - STARTED:5.1f} s] {text}", flush=True)


STARTED = time.monotonic()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(args: list[str], env: dict[str, str] | None = None, timeout: float = 600) -> str:
    done = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _psql(sql: str) -> None:
    _run(["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", "postgres", "-qc", sql])


def _redis(*args: str) -> None:
    _run(["redis-cli", "-h", "127.0.0.1", "-p", "6379", "-n", str(REDIS_DB), *args])


@contextmanager
def database() -> Iterator[str]:
    name = f"vp_smoke_{os.getpid()}"
    _psql(f'DROP DATABASE IF EXISTS "{name}"')
    _psql(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"
    finally:
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def redis_database() -> Iterator[str]:
    _redis("FLUSHDB")
    try:
        yield f"redis://127.0.0.1:6379/{REDIS_DB}"
    finally:
        _redis("FLUSHDB")


@contextmanager
def fake_elks() -> Iterator[tuple[FakeElks, str]]:
    gateway = FakeElks(username="smoke-user", password=secrets.token_urlsafe(16))
    _server, url, stop = start(gateway)
    try:
        yield gateway, url
    finally:
        stop()


def certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    # fmt: off
    _run([
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout", str(key), "-out", str(cert),
    ])
    # fmt: on
    return cert, key


@contextmanager
def process(name: str, args: list[str], env: dict[str, str], logs: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Starts a process in its own process group; on exit stops the group (TERM, then KILL)."""
    log_file: IO[bytes] = (logs / f"{name}.log").open("wb")
    proc = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
    )
    shown = " ".join(Path(arg).name if arg == str(ENTRYPOINT) else arg for arg in args)
    log(f"{name} started (pid {proc.pid}): {shown}")
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log_file.close()


def wait_until(
    what: str, check: Callable[[], bool], timeout: float, alive: list[subprocess.Popen[bytes]]
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in alive:
            if proc.poll() is not None:
                raise RuntimeError(f"a process stopped (exit {proc.returncode}) while waiting for {what}")
        if check():
            return
        time.sleep(0.3)
    raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")


def health_ok(url: str) -> bool:
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(f"{url}/health/", timeout=3, context=context) as response:  # noqa: S310
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def nginx_config_check(tmp: Path, cert: Path, key: Path) -> None:
    """``nginx -t`` on deploy/nginx/ with this run's paths, where nginx is installed."""
    if not shutil.which("nginx"):
        log("nginx is not installed: deploy/nginx/ not checked")
        return
    folder = tmp / "nginx"
    folder.mkdir()
    site = (ROOT / "deploy" / "nginx" / "vikarieportalen.conf").read_text()
    for installed, here in {
        "/etc/nginx/snippets/vikarieportalen-proxy.conf": ROOT
        / "deploy"
        / "nginx"
        / "vikarieportalen-proxy.conf",
        "/etc/ssl/vikarieportalen/fullchain.pem": cert,
        "/etc/ssl/vikarieportalen/privkey.pem": key,
        "/var/log/nginx/": f"{folder}/",
    }.items():
        site = site.replace(installed, str(here))
    (folder / "site.conf").write_text(site)
    temp_paths = " ".join(
        f"{kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"pid {folder}/nginx.pid; error_log {folder}/error.log; events {{}}\n"
        f"http {{ include /etc/nginx/mime.types; {temp_paths} include {folder}/site.conf; }}\n"
    )
    _run(["nginx", "-t", "-q", "-p", str(folder), "-c", str(folder / "nginx.conf")])
    log("nginx -t: deploy/nginx/ is valid")


def production_env(*, tmp: Path, port: int, database_url: str, redis_url: str, elks_url: str,
                   gateway: FakeElks, cert: Path, key: Path) -> dict[str, str]:  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_", "SMS_", "ELKS_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "PUBLIC_URL": f"https://127.0.0.1:{port}",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"vp-smoke-{os.getpid()}",
            "TASK_BACKEND": "rq",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
            "SMS_BACKEND": "vikarieportalen.notifications.sms_backends.elks.SmsBackend",
            "ELKS_API_URL": elks_url,
            "ELKS_API_USERNAME": gateway.username,
            "ELKS_API_PASSWORD": gateway.password,
            "SMS_CALLBACK_SECRET": secrets.token_urlsafe(24),
            "SMS_SENDER": "Kommunen",
            "NOTIFICATIONS_QUIET_HOURS": "off",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "SCHEDULER_INTERVAL_SECONDS": "5",
            "LOG_LEVEL": "WARNING",
            "BIND": f"127.0.0.1:{port}",
            "WEB_WORKERS": "2",
            "WEB_GRACEFUL_TIMEOUT": "3",
            "GUNICORN_CMD_ARGS": f"--certfile={cert} --keyfile={key}",
            "PYTHONUNBUFFERED": "1",
        }
    )
    # Bytecode cached outside the checkout, as the e2e server does (a cold import costs ~10 s).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir()) / "vikarieportalen-e2e-pycache"))
    return env


def sms_to(gateway: FakeElks, number: str | None = None, since: int = 0) -> list[dict[str, str]]:
    with gateway.lock:
        sent = list(gateway.requests[since:])
    return [sms for sms in sent if number is None or sms.get("to") == number]


def browse(url: str, gateway: FakeElks, alive: list[subprocess.Popen[bytes]]) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        try:
            context = browser.new_context(base_url=url, locale="sv-SE", ignore_https_errors=True)
            context.set_default_timeout(20_000)
            page = context.new_page()

            # Log in: password, then the code the worker sent through the gateway.
            page.goto("/konto/logga-in/")
            page.locator("#id_username").fill(STAFF)
            page.locator("#id_password").fill(DEMO_PASSWORD)
            before = len(gateway.requests)
            page.locator("input[name=method][value=password_sms]").check()
            page.locator("main form button[type=submit]").click()
            expect(page).to_have_url(re.compile(r"/konto/logga-in/sms-kod/$"))

            # (The worker is also delivering what seed_demo queued; the code is the SMS with one.)
            def code_sms() -> list[dict[str, str]]:
                return [sms for sms in sms_to(gateway, since=before) if CODE.search(sms["message"])]

            wait_until("the login code SMS", lambda: bool(code_sms()), 60, alive)
            sms = code_sms()[-1]
            code = CODE.search(sms["message"])
            assert code, sms
            log(f"login code reached the gateway: to {sms['to']}, {sms['message']!r}")
            page.locator("#id_code").fill(code.group(1))
            page.locator("main form button[type=submit]").click()
            expect(page.locator(".site-header .who__name")).to_be_visible()
            cookies = {cookie["name"]: cookie for cookie in context.cookies()}
            assert cookies["__Host-sessionid"]["secure"], cookies

            # The start page, in Swedish.
            page.goto("/")
            expect(page.locator("html")).to_have_attribute("lang", "sv")
            expect(page.locator(".site-header")).to_contain_text("Logga ut")
            log(f"start page in Swedish: {page.title()!r}")

            # Book the top candidate of the first open shift on the board that has one.
            page.goto("/bemanning/tavla/")
            links = page.locator(".shift-card--open a.shift-card__action")
            hrefs = [links.nth(i).get_attribute("href") or "" for i in range(min(links.count(), 10))]
            assert hrefs, "no open shift on the booking board"
            for href in hrefs:
                page.goto(href)
                top = page.locator("ol.candidate-list .candidate").first
                if page.locator("ol.candidate-list .candidate").count():
                    break
            else:
                raise AssertionError("no open shift among the first ten has a candidate")
            heading = page.get_by_role("heading", level=1).inner_text().strip()
            name = top.locator(".candidate__name strong").inner_text().strip()
            mobile = (top.locator(".candidate__phone").get_attribute("href") or "").removeprefix("tel:")
            before = len(gateway.requests)
            top.get_by_role("button", name=re.compile("^Boka")).click()
            expect(page.locator(".messages")).to_contain_text(f"{name} är bokad på")
            log(f"booked {name} ({mobile}): {heading}")

            # The booking SMS, through the worker, at the gateway.
            wait_until(
                f"the booking SMS to {mobile}", lambda: bool(sms_to(gateway, mobile, before)), 60, alive
            )
            log(f"booking SMS reached the gateway: {sms_to(gateway, mobile, before)[0]['message']!r}")
            context.close()
        finally:
            browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-logs", action="store_true", help="print the processes' logs at the end")
    options = parser.parse_args()
    ok = False
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vp-smoke-")))
        logs = tmp / "logs"
        logs.mkdir()
        try:
            cert, key = certificate(tmp)
            gateway, elks_url = stack.enter_context(fake_elks())
            database_url = stack.enter_context(database())
            redis_url = stack.enter_context(redis_database())
            port = _free_port()
            url = f"https://127.0.0.1:{port}"
            env = production_env(tmp=tmp, port=port, database_url=database_url, redis_url=redis_url,
                                 elks_url=elks_url, gateway=gateway, cert=cert, key=key)  # fmt: skip

            nginx_config_check(tmp, cert, key)
            # What the image's build does.
            _run([str(PYTHON), "-m", "vikarieportalen.core.i18n", "locale"], env)
            _run([str(ENTRYPOINT), "manage", "collectstatic", "--noinput", "--verbosity", "0"], env)
            log("translations compiled, static files collected")

            web = stack.enter_context(process("web", [str(ENTRYPOINT), "web"], env, logs))
            wait_until(f"{url}/health/", lambda: health_ok(url), 300, [web])
            log("web answers /health/ (migrated)")
            # The worker and the scheduler start while the demo is seeded, as they would beside it.
            worker = stack.enter_context(process("worker", [str(ENTRYPOINT), "worker"], env, logs))
            scheduler = stack.enter_context(process("scheduler", [str(ENTRYPOINT), "scheduler"], env, logs))
            seeded = _run([str(ENTRYPOINT), "manage", "seed_demo"], env)
            assert STAFF in seeded, seeded
            log("demo municipality seeded")

            browse(url, gateway, [web, worker, scheduler])
            ok = True
        finally:
            if not ok or options.keep_logs:
                for path in sorted(logs.glob("*.log")):
                    sys.stderr.write(f"---- {path.name} ----\n{path.read_text(errors='replace')[-6000:]}\n")
    took = time.monotonic() - STARTED
    log(f"{'passed' if ok else 'FAILED'}: everything started was stopped; took {took:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
