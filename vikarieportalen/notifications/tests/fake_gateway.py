"""A real HTTP server on 127.0.0.1 that answers like 46elks' POST /a1/sms, for tests and bench/."""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    status: int = 200
    body: str = ""
    delay: float = 0.0


@dataclass
class FakeElks:
    username: str = "u-test"
    password: str = "p-test"
    requests: list[dict[str, str]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    peers: list[tuple[str, int]] = field(default_factory=list)  # each request's client address and port
    # Answers to give, in order; when empty, every SMS is accepted (after ``delay`` seconds).
    answers: list[Answer] = field(default_factory=list)
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_answer(self, form: dict[str, str]) -> Answer:
        with self.lock:
            self.requests.append(form)
            number = len(self.requests)
            if self.answers:
                return self.answers.pop(0)
        return Answer(200, json.dumps({"id": f"s{number:08d}", "status": "created", "parts": 1}), self.delay)


def _handler(gateway: FakeElks) -> type[BaseHTTPRequestHandler]:
    expected = "Basic " + base64.b64encode(f"{gateway.username}:{gateway.password}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            gateway.peers.append(self.client_address[:2])
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            if len(raw) < length:
                # The client died while sending (a killed worker): like a real gateway, nothing was
                # received and nobody is left to answer.
                self.close_connection = True
                return
            form = dict(urllib.parse.parse_qsl(raw.decode("utf-8")))
            if self.path != "/a1/sms":
                answer = Answer(404, "Not found")
            elif self.headers.get("Authorization") != expected:
                answer = Answer(401, "Unauthorized")
            else:
                gateway.headers.append(dict(self.headers.items()))
                answer = gateway.next_answer(form)
            if answer.delay:
                time.sleep(answer.delay)
            body = answer.body.encode()
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (timeout tests)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def start(gateway: FakeElks) -> tuple[ThreadingHTTPServer, str, Callable[[], None]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gateway))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return server, f"http://127.0.0.1:{server.server_address[1]}", stop
