"""Secret URL tokens never reach a log: the redaction, the URL list it covers, and the real loggers."""

from __future__ import annotations

import io
import logging
import runpy
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIRequestHandler
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from gunicorn.config import Config

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.core.ops.logredact import REDACTED, RedactSecretsFilter, redact
from vikarieportalen.testing import INSIDE_ADDRESS, TEST_PASSWORD

TOKEN = "Sk4rpT0ken_abcDEF1234567"  # fits every token pattern, [\w]+ too
SECRET_GROUPS = {"token", "secret", "uidb64"}


@pytest.mark.parametrize(
    "line",
    [
        "GET /f/{t}/ HTTP/1.1",
        "Not Found: /konto/aktivera/{t}/",
        '"GET /konto/mina-uppgifter/e-post/{t}/ HTTP/1.1"',
        "GET /bemanning/kalender/{t}.ics HTTP/1.1",
        "POST /notifications/sms/{t}/delivered/",
        "GET /cms/password_reset/confirm/{t}/{t}/ HTTP/1.1",
        "GET /admin/django_rq/dashboard/stats.json/{t}/ HTTP/1.1",
        "GET /intyg/kontroll/?nummer=INT-2026-1&kod={t} HTTP/1.1",
        '"GET /health/ HTTP/1.1" 200 16 "https://vikarie.example.se/f/{t}/" "Mozilla/5.0"',  # referer
        "GET /konto/logga-in/?next=/f/{t}/ HTTP/1.1",  # after a link that needs a login
        # Paths that only look alike keep their words.
        "GET /bemanning/mina-pass/ HTTP/1.1",
        "GET /intyg/f/bestall/ HTTP/1.1",
        "GET /nyheter/?kodning=utf8 HTTP/1.1",
    ],
)
def test_redact(line: str) -> None:
    assert redact(line.format(t=TOKEN)) == line.format(t=REDACTED)


def _secret_routes(
    patterns: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, set[str]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _secret_routes(pattern.url_patterns, inner)
        elif pattern.name:
            groups = set(pattern.pattern.regex.groupindex) & SECRET_GROUPS
            if groups:
                yield f"{namespace}{pattern.name}", set(pattern.pattern.regex.groupindex)


def test_every_url_with_a_secret_in_it_is_redacted() -> None:
    routes = list(_secret_routes(get_resolver().url_patterns))
    # The ones this module was written for; a new one must be added to logredact.py and here.
    assert {name for name, _groups in routes} >= {
        "offers:page",
        "accounts:activate",
        "accounts:email_confirm",
        "staffing:calendar_feed",
        "notifications:sms_delivery_report",
        "notifications:sms_inbound",
        "wagtailadmin_password_reset_confirm",
    }
    for name, groups in routes:
        path = reverse(name, kwargs=dict.fromkeys(groups, TOKEN))
        assert TOKEN not in redact(f"GET {path} HTTP/1.1"), path


def _redacting_handler(logger_name: str) -> logging.Handler:
    """The handler LOGGING gives this logger (pytest may have added its own beside it)."""
    (handler,) = [
        handler
        for handler in logging.getLogger(logger_name).handlers
        if any(isinstance(f, RedactSecretsFilter) for f in handler.filters)
    ]
    return handler


@contextmanager
def _captured(handler: logging.Handler) -> Iterator[io.StringIO]:
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def test_runserver_request_log_has_no_token() -> None:
    """runserver's own handler writes the request line through LOGGING's django.server handler."""
    handler = _redacting_handler("django.server")
    request_handler = object.__new__(WSGIRequestHandler)
    request_handler.requestline = f"GET /f/{TOKEN}/ HTTP/1.1"
    request_handler.request = None  # type: ignore[assignment]
    request_handler.client_address = ("127.0.0.1", 50000)
    request_handler.server_version = request_handler.sys_version = ""
    with _captured(handler) as stream:
        request_handler.log_request(200, 1234)

    assert "GET /f/[redacted]/ HTTP/1.1" in stream.getvalue()
    assert TOKEN not in stream.getvalue()


@pytest.mark.django_db
def test_not_found_warning_on_a_token_url_has_no_token() -> None:
    """An unknown offer link: Django's request log (django.request) warns with the path."""
    user = SubstituteFactory()
    client = Client(REMOTE_ADDR=INSIDE_ADDRESS)
    client.login(username=user.username, password=TEST_PASSWORD)
    handler = _redacting_handler("")
    with _captured(handler) as stream:
        response = client.get(f"/f/{TOKEN}/")

    assert response.status_code == 404
    assert f"Not Found: /f/{REDACTED}/" in stream.getvalue()
    assert TOKEN not in stream.getvalue()


def test_gunicorn_access_log_has_no_token(tmp_path: Path) -> None:
    """gunicorn's own Logger class, set up from config/gunicorn.conf.py, writing its access log."""
    config = Config()
    for name, value in runpy.run_path(str(Path(settings.BASE_DIR) / "config" / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    access_log = tmp_path / "access.log"
    config.set("accesslog", str(access_log))
    logger = config.logger_class(config)
    path = f"/bemanning/kalender/{TOKEN}.ics"
    request = SimpleNamespace(
        uri=path, path=path, headers=[("REFERER", f"https://vikarie.example.se/f/{TOKEN}/")]
    )
    response = SimpleNamespace(status="200 OK", sent=120, headers=[])
    environ: dict[str, Any] = {
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://vikarie.example.se/f/{TOKEN}/",
    }
    try:
        logger.access(response, request, environ, timedelta(milliseconds=3))
        logger.error("Error handling request /konto/aktivera/%s/", TOKEN)
    finally:
        for log in (logger.access_log, logger.error_log):
            for handler in log.handlers:
                handler.flush()
            log.filters = [f for f in log.filters if not isinstance(f, RedactSecretsFilter)]
        config.set("accesslog", None)
        logger.setup(config)

    written = access_log.read_text()
    assert f'"GET /bemanning/kalender/{REDACTED}.ics HTTP/1.1" 200 120' in written
    assert f'"https://vikarie.example.se/f/{REDACTED}/"' in written
    assert TOKEN not in written
