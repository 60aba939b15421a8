"""Error reports keep what finds the bug and nothing personal or secret."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from vikarieportalen.core.ops.logredact import REDACTED
from vikarieportalen.core.web.error_reports import sentry_before_send, sentry_init

TOKEN = "Sk4rpT0ken_abcDEF1234567"


def test_a_sentry_event_keeps_no_personal_data_and_no_token() -> None:
    event: dict[str, Any] = {
        "request": {
            "url": f"https://vikarie.example.se/f/{TOKEN}/",
            "method": "GET",
            "query_string": "namn=Linnea",
            "cookies": {"__Host-sessionid": "abc"},
            "data": {"mobile": "+46701740605"},
            "env": {"REMOTE_ADDR": "203.0.113.9"},
            "headers": {"User-Agent": "Firefox", "X-Forwarded-For": "203.0.113.9", "Referer": "x"},
        },
        "user": {"id": 42, "username": "LINE7701", "email": "line@example.se", "ip_address": "203.0.113.9"},
        "exception": {"values": [{"type": "ValueError", "value": f"no offer /f/{TOKEN}/"}]},
        "breadcrumbs": {"values": [{"message": f"GET /konto/aktivera/{TOKEN}/"}]},
    }

    cleaned = sentry_before_send(event, {})

    assert cleaned["request"] == {
        "url": f"https://vikarie.example.se/f/{REDACTED}/",
        "method": "GET",
        "headers": {"User-Agent": "Firefox"},
    }
    assert cleaned["user"] == {"id": 42}
    text = repr(cleaned)
    for secret in (TOKEN, "LINE7701", "line@example.se", "203.0.113.9", "+46701740605", "Linnea"):
        assert secret not in text


def test_sentry_starts_without_personal_data(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    fake = types.ModuleType("sentry_sdk")
    fake.init = lambda **options: calls.append(options)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sentry_sdk", fake)

    sentry_init(dsn="https://key@errors.example.se/3", environment="production", release="")

    [options] = calls
    assert options["send_default_pii"] is False
    assert options["include_local_variables"] is False
    assert options["max_request_body_size"] == "never"
    assert options["before_send"] is sentry_before_send


def test_a_dsn_without_the_sdk_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)

    with pytest.raises(ImproperlyConfigured, match="sentry"):
        sentry_init(dsn="https://key@errors.example.se/3", environment="", release="")


@pytest.mark.django_db
def test_the_mail_to_admins_hides_form_fields_locals_and_tokens() -> None:
    from django.test import RequestFactory

    from vikarieportalen.core.web.error_reports import AdminMailReporter

    request = RequestFactory().post(f"/f/{TOKEN}/?kod={TOKEN}", {"mobile": "+46701740605"})
    secret_local = "Linnea Testsson"  # noqa: F841 - a local variable the report must not show
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        text = AdminMailReporter(request, *sys.exc_info()).get_traceback_text()

    assert "boom" in text
    for secret in (TOKEN, "+46701740605", "Linnea Testsson"):
        assert secret not in text
