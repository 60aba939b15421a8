"""One JSON line per request: its fields, the request id, and nothing personal or secret in it."""

from __future__ import annotations

import json
import logging
import sys
import uuid
from typing import Any

import pytest
from django.test import Client

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.core.ops.logredact import REDACTED
from vikarieportalen.core.web.request_log import (
    REQUEST_LOGGER,
    JsonFormatter,
    RequestIdFilter,
    current_request_id,
    request_id_for,
)
from vikarieportalen.testing import OUTSIDE_ADDRESS, TRUSTED_PROXY_ADDRESS, client_logged_in

TOKEN = "Sk4rpT0ken_abcDEF1234567"
FIELDS = {"time", "level", "logger", "message", "request_id", "method", "route", "path", "status"}


@pytest.fixture
def request_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    """The request log's records as the JSON formatter writes them (filled in after each request)."""
    caplog.set_level(logging.INFO, logger=REQUEST_LOGGER)
    lines: list[dict[str, Any]] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            RequestIdFilter().filter(record)
            lines.append(json.loads(JsonFormatter().format(record)))

    handler = Collect()
    logging.getLogger(REQUEST_LOGGER).addHandler(handler)
    yield lines  # type: ignore[misc]
    logging.getLogger(REQUEST_LOGGER).removeHandler(handler)


@pytest.mark.django_db
def test_a_request_is_one_json_line_with_its_fields(request_lines: list[dict[str, Any]]) -> None:
    user = SubstituteFactory(
        username="LINE7701", email="line.testsson@example.se", given_names="Linnea", family_name="Testsson"
    )
    client = client_logged_in(user)

    response = client.get("/bemanning/mina-pass/")

    assert response.status_code == 200
    [line] = request_lines
    assert set(line) >= FIELDS
    assert line["level"] == "INFO"
    assert line["logger"] == REQUEST_LOGGER
    assert line["method"] == "GET"
    assert line["path"] == "/bemanning/mina-pass/"
    assert line["route"] == "staffing:my_bookings"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["user_id"] == user.pk
    assert line["request_id"] == response["X-Request-ID"]
    text = json.dumps(line, ensure_ascii=False)
    for personal in ("LINE7701", "line.testsson@example.se", "Linnea", "Testsson", OUTSIDE_ADDRESS):
        assert personal not in text


@pytest.mark.django_db
def test_a_token_in_the_path_is_redacted_and_the_query_left_out(request_lines: list[dict[str, Any]]) -> None:
    response = Client().get(f"/f/{TOKEN}/?namn=Linnea+Testsson")

    [line] = request_lines
    assert line["status"] == response.status_code
    assert line["path"] == f"/f/{REDACTED}/"
    assert line["user_id"] is None
    text = json.dumps(line, ensure_ascii=False)
    assert TOKEN not in text
    assert "Linnea" not in text


@pytest.mark.django_db
def test_the_request_id_of_a_trusted_proxy_is_kept_and_echoed(request_lines: list[dict[str, Any]]) -> None:
    sent = "edge-7f3a9c2e-0001"

    response = Client(REMOTE_ADDR=TRUSTED_PROXY_ADDRESS).get("/health/", headers={"X-Request-ID": sent})

    assert response["X-Request-ID"] == sent
    assert request_lines[-1]["request_id"] == sent


@pytest.mark.django_db
def test_a_request_id_from_anyone_else_is_replaced() -> None:
    sent = "forged-id-1234567890"

    response = Client(REMOTE_ADDR=OUTSIDE_ADDRESS).get("/health/", headers={"X-Request-ID": sent})

    assert response["X-Request-ID"] != sent
    assert uuid.UUID(response["X-Request-ID"]).hex == response["X-Request-ID"]


@pytest.mark.parametrize("sent", ["", "short", 'evil"\n{"level": "INFO"}', "x" * 200, "with space 12345"])
def test_a_malformed_id_is_never_believed_even_from_the_proxy(sent: str) -> None:
    assert request_id_for(sent=sent, remote_addr=TRUSTED_PROXY_ADDRESS) != sent


def test_the_request_log_is_silent_unless_json_logs_are_on() -> None:
    # LOG_FORMAT=plain (the default, and the tests'): gunicorn's access log has the request line.
    assert not logging.getLogger(REQUEST_LOGGER).isEnabledFor(logging.INFO)


@pytest.mark.django_db
def test_records_logged_during_a_request_carry_its_id(caplog: pytest.LogCaptureFixture) -> None:
    seen: list[str | None] = []

    class Remember(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            RequestIdFilter().filter(record)
            seen.append(record.request_id)  # type: ignore[attr-defined]

    handler = Remember(level=logging.WARNING)
    logging.getLogger("django.request").addHandler(handler)
    try:
        response = Client().get("/finns-inte-alls/")
    finally:
        logging.getLogger("django.request").removeHandler(handler)

    assert response.status_code == 404
    assert seen == [response["X-Request-ID"]]
    assert current_request_id() is None  # reset once the request is done


def test_the_formatter_writes_an_exception_without_its_token() -> None:
    try:
        raise ValueError(f"no offer for /f/{TOKEN}/")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed on /f/%s/", (TOKEN,), exc_info)

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["message"] == f"failed on /f/{REDACTED}/"
    assert "ValueError" in entry["exception"]
    assert TOKEN not in line
