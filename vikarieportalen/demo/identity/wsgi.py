"""What the demo's login services share: a threaded WSGI server from the standard library, and
reading a form and writing a response without a framework."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]
MAX_FORM_BYTES = 64 * 1024


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def server_make(app: WsgiApp, *, port: int, host: str = "127.0.0.1") -> WSGIServer:
    """A server for ``app`` on ``host``:``port`` (0: a free port), one thread per request."""
    return make_server(host, port, app, server_class=ThreadingServer, handler_class=QuietHandler)


def request_body(environ: Environ) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body: bytes = environ["wsgi.input"].read(length) if length > 0 else b""
    return body


def form_data(environ: Environ) -> dict[str, list[str]]:
    body = request_body(environ)[:MAX_FORM_BYTES]
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)


def respond(
    start_response: StartResponse,
    status: str,
    body: bytes,
    content_type: str,
    headers: list[tuple[str, str]] | None = None,
) -> list[bytes]:
    start_response(
        status,
        [("Content-Type", content_type), ("Content-Length", str(len(body))), *(headers or [])],
    )
    return [body]
