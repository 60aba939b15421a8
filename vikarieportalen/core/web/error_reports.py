"""Error reports without personal data or secret tokens: to Sentry when ``SENTRY_DSN`` is set, by
e-mail to ``ADMINS`` otherwise (docs/operations.md, "Logs and errors").

Sentry: ``sentry_init`` starts the SDK with ``send_default_pii=False``, no local variables, no
request bodies, and ``sentry_before_send`` keeps of each event only what finds the bug: the
redacted path (no query string), a few harmless headers, the user's id, the request id.

E-mail: ``AdminMailReporter`` is Django's error report with every POST and GET value, every local
variable and every request header but a few hidden, and the whole text redacted.
"""

from __future__ import annotations

import importlib
from collections.abc import ItemsView
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.safestring import SafeString, mark_safe
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from vikarieportalen.core.ops.logredact import redact
from vikarieportalen.core.web.request_log import current_request_id

HIDDEN = "[hidden]"
# Request headers an error report may carry; every other one (cookies, addresses, forwarded-for,
# authorisation, the staff card's personal identity number) is left out.
SAFE_HEADERS = frozenset(
    {"accept", "accept-language", "content-length", "content-type", "host", "user-agent"}
)
_SAFE_META = frozenset(
    {"REQUEST_METHOD", "PATH_INFO", "SERVER_NAME", "SERVER_PORT", "CONTENT_TYPE", "CONTENT_LENGTH"}
)


# ---------------------------------------------------------------------------------------------
# Sentry


def _redact_all(value: object) -> object:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redact_all(item) for item in value]
    if isinstance(value, dict):
        return {key: _redact_all(item) for key, item in value.items()}
    return value


def sentry_before_send(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """The event without personal data: redacted texts, no query, body, cookies or addresses."""
    request = event.get("request")
    if isinstance(request, dict):
        kept: dict[str, Any] = {}
        if "url" in request:
            kept["url"] = redact(str(request["url"]).split("?", 1)[0])
        if "method" in request:
            kept["method"] = request["method"]
        headers = request.get("headers") or {}
        if isinstance(headers, dict):
            kept["headers"] = {
                name: redact(str(value)) for name, value in headers.items() if name.lower() in SAFE_HEADERS
            }
        event["request"] = kept
    user = event.get("user")
    event["user"] = {"id": user["id"]} if isinstance(user, dict) and user.get("id") is not None else {}
    event.pop("server_name", None)  # harmless, but says nothing the release does not
    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    for key in ("exception", "logentry", "message", "breadcrumbs", "extra", "transaction"):
        if key in event:
            event[key] = _redact_all(event[key])
    return event


def sentry_init(*, dsn: str, environment: str, release: str) -> None:
    """Start reporting errors to ``dsn``. Needs the optional ``sentry`` extra (sentry-sdk)."""
    try:
        sentry_sdk: Any = importlib.import_module("sentry_sdk")
    except ImportError as exc:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: `uv sync --extra sentry` "
            "(or pip install 'sentry-sdk>=2.30,<3')."
        ) from exc
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        before_send=sentry_before_send,
    )


# ---------------------------------------------------------------------------------------------
# E-mail to ADMINS (django.utils.log.AdminEmailHandler)


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Hides every value a person could have typed or carried: form fields, locals, most headers."""

    def is_active(self, request: Any) -> bool:
        return True

    def get_post_parameters(self, request: Any) -> dict[str, str]:
        if request is None:
            return {}
        return dict.fromkeys(request.POST, HIDDEN)

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> ItemsView[str, Any]:
        return dict.fromkeys(tb_frame.f_locals, HIDDEN).items()

    def get_safe_request_meta(self, request: Any) -> dict[str, Any]:
        return {key: value for key, value in request.META.items() if key in _SAFE_META}

    def get_safe_cookies(self, request: Any) -> dict[str, str]:
        return dict.fromkeys(request.COOKIES, HIDDEN)


class AdminMailReporter(ExceptionReporter):
    """Django's error report for ``ADMINS``, with nothing personal and secret tokens redacted."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filter = PersonalDataReporterFilter()

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        if self.request is not None:
            data["request_GET_items"] = [(key, HIDDEN) for key in self.request.GET]
            data["request_FILES_items"] = [(key, HIDDEN) for key in self.request.FILES]
        if "user_str" in data:  # the user's name: the id is enough to look them up
            user = getattr(self.request, "user", None)
            data["user_str"] = f"id {user.pk}" if user is not None and user.is_authenticated else "anonymous"
        return data

    def get_traceback_text(self) -> SafeString:
        return mark_safe(redact(super().get_traceback_text()))  # noqa: S308 - Django's own report, redacted

    def get_traceback_html(self) -> SafeString:
        return mark_safe(redact(super().get_traceback_html()))  # noqa: S308 - Django's own report, redacted
