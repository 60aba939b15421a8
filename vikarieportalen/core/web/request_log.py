"""One log line per request, a request id on every response, and JSON log lines for a log collector.

``RequestLogMiddleware`` gives every request an id: the ``X-Request-ID`` a trusted reverse proxy
(``TRUSTED_PROXIES``) sent, when it looks like an id, otherwise a new random one. The id is sent
back in the response's ``X-Request-ID`` header, added to every log record made while the request
runs (``RequestIdFilter``), and the request ends with one record on the ``vikarieportalen.requests``
logger: method, route, path, status, duration, and the user's id. Nothing else about the person:
no name, no e-mail address, no query string (searches carry names), no address; secret tokens in
the path are redacted by ``core.ops.logredact``.

``JsonFormatter`` writes each record as one JSON object per line (``LOG_FORMAT=json``). The request
line is written only then: in plain logs gunicorn's and runserver's access logs say the same.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import ipaddress
import json
import logging
import re
import time
import traceback
import uuid
from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from vikarieportalen.core.ops.logredact import redact

REQUEST_LOGGER = "vikarieportalen.requests"
HEADER = "X-Request-ID"
# An id from a proxy is believed only if it is short and plain: no spaces, quotes or line breaks
# that could forge a log line.
_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{8,128}")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
logger = logging.getLogger(REQUEST_LOGGER)

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def current_request_id() -> str | None:
    """The id of the request being handled in this thread or task, if any."""
    return _request_id.get()


@cache
def _networks(specs: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(spec, strict=False) for spec in specs)


def _from_trusted_proxy(remote_addr: str) -> bool:
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def request_id_for(*, sent: str, remote_addr: str) -> str:
    """The proxy's id when a trusted proxy sent a well-formed one, otherwise a new one."""
    if sent and _ID_PATTERN.fullmatch(sent) and _from_trusted_proxy(remote_addr):
        return sent
    return uuid.uuid4().hex


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    pk = user.pk
    return int(pk) if pk is not None else None


def _route(request: HttpRequest) -> str | None:
    match = request.resolver_match
    if match is None:
        return None
    return match.view_name or match.route or None


class RequestLogMiddleware:
    """Sets the request id, echoes it in the response, and logs the request when it is done."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(
            sent=request.headers.get(HEADER, ""), remote_addr=request.META.get("REMOTE_ADDR", "")
        )
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            if logger.isEnabledFor(logging.INFO):
                logger.info(
                    "%s %s %s",
                    request.method,
                    redact(request.path),
                    response.status_code,
                    extra={
                        "fields": {
                            "method": request.method,
                            "route": _route(request),
                            "path": redact(request.path),
                            "status": response.status_code,
                            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                            "user_id": _user_id(request),
                        }
                    },
                )
            return response
        finally:
            _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Gives every record made during a request that request's id (``record.request_id``).

    Django logs a 4xx or 5xx answer (``django.request``) after the middleware has returned; that
    record carries the request itself, and so its id.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, the record's fields.

    Django's ``django.request`` records carry the request object; only its id is kept. A traceback
    is kept as text. The whole line passes ``core.ops.logredact`` once more, so a secret token in an
    exception's message or a traceback is hidden too.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            entry["request_id"] = request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        status = getattr(record, "status_code", None)
        if status is not None and "status" not in entry:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return redact(json.dumps(entry, ensure_ascii=False, default=str))
