"""A local push service for tests: a real HTTP server on 127.0.0.1 that answers like FCM or
Mozilla's autopush (RFC 8030), and checks what the portal sends as a real one would.

For every POST to a device's address it

- verifies the VAPID authorisation (RFC 8292): ``Authorization: vapid t=<JWT>, k=<public key>``,
  a JWT signed ES256 with that key, whose ``aud`` is this service's origin, ``exp`` in the next
  24 hours and ``sub`` a mailto: or https: contact; otherwise it answers 401;
- decrypts the body (RFC 8291, ``Content-Encoding: aes128gcm``) with the device's private key and
  auth secret, which only the test (as the browser) holds, via ``http_ece``; otherwise 400;
- answers what the test asked for (``answers``: 201, 404, 410, 413, 429…), by default 201; a
  redirect (301, 302, 307, 308) with ``Location`` the address the test gave (``redirect``).

Every request is recorded in ``seen`` (path, and the client's port: one port for a kept-alive
connection), whatever the answer.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Device:
    """A browser's side of a subscription: the keys it keeps and gives the portal the public half of."""

    path: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        )

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)


@dataclass
class Received:
    """One push the service accepted: to which device, the decrypted payload and the JWT's claims."""

    path: str
    payload: dict[str, Any]
    claims: dict[str, Any]
    vapid_key: str
    headers: dict[str, str]


class VapidError(Exception):
    pass


def verify_vapid(authorization: str, *, origin: str, now: float) -> tuple[dict[str, Any], str]:
    """The claims and public key of a valid ``vapid t=…, k=…`` header (RFC 8292); VapidError if not."""
    scheme, _, rest = authorization.partition(" ")
    if scheme.lower() != "vapid":
        raise VapidError("not the vapid scheme")
    params = dict(part.strip().split("=", 1) for part in rest.split(",") if "=" in part)
    token, key = params.get("t", ""), params.get("k", "")
    try:
        header_part, claims_part, signature_part = token.split(".")
        header = json.loads(unb64url(header_part))
        claims = json.loads(unb64url(claims_part))
        signature = unb64url(signature_part)
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    except ValueError as exc:
        raise VapidError(f"unreadable token or key: {exc}") from exc
    if header.get("alg") != "ES256" or len(signature) != 64:
        raise VapidError("not ES256")
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    try:
        public.verify(der, f"{header_part}.{claims_part}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise VapidError("bad signature") from exc
    if claims.get("aud") != origin:
        raise VapidError(f"aud {claims.get('aud')!r} is not {origin!r}")
    exp = claims.get("exp")
    if not isinstance(exp, int) or not now < exp <= now + 24 * 3600:
        raise VapidError("exp not within the next 24 hours")
    if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
        raise VapidError("sub is not a mailto: or https: contact")
    return claims, key


@dataclass
class LocalPushService:
    origin: str = ""
    devices: dict[str, Device] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why requests were refused (401/400)
    # Status codes to answer, in order, per device path ("" for any device); then 201.
    answers: dict[str, list[int]] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)  # where a redirect from a path points
    seen: list[tuple[str, int]] = field(default_factory=list)  # every request: path, client port
    lock: threading.Lock = field(default_factory=threading.Lock)

    def device(self, name: str = "") -> Device:
        path = f"/push/{name or len(self.devices) + 1}"
        self.devices[path] = Device(path=path)
        return self.devices[path]

    def endpoint(self, device: Device) -> str:
        return self.origin + device.path

    def answer(self, *statuses: int, device: Device | None = None) -> None:
        with self.lock:
            self.answers.setdefault(device.path if device else "", []).extend(statuses)

    def redirect(self, status: int, *, device: Device, to: str) -> None:
        """Answer the next push to ``device`` with the redirect ``status`` to the address ``to``."""
        self.locations[device.path] = to
        self.answer(status, device=device)

    def _next_status(self, path: str) -> int:
        with self.lock:
            for key in (path, ""):
                if self.answers.get(key):
                    return self.answers[key].pop(0)
        return 201

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> int:
        device = self.devices.get(path)
        if device is None:
            return 404
        try:
            claims, key = verify_vapid(headers.get("Authorization", ""), origin=self.origin, now=time.time())
        except VapidError as exc:
            self.refused.append(str(exc))
            return 401
        if headers.get("Content-Encoding") != "aes128gcm" or "Ttl" not in headers:
            self.refused.append("not aes128gcm, or no TTL")
            return 400
        try:
            plain = http_ece.decrypt(
                body, private_key=device.private_key, auth_secret=device.auth_secret, version="aes128gcm"
            )
            payload = json.loads(plain)
        except Exception as exc:
            self.refused.append(f"cannot decrypt: {exc}")
            return 400
        status = self._next_status(path)
        if 200 <= status < 300:
            with self.lock:
                self.received.append(Received(path, payload, claims, key, headers))
        return status


def _handler(service: LocalPushService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with service.lock:
                service.seen.append((self.path, self.client_address[1]))
            headers = {name.title(): value for name, value in self.headers.items()}
            status = service.handle(self.path, headers, body)
            self.send_response(status)
            if status == 201:
                self.send_header("Location", f"{service.origin}/message/{len(service.received)}")
            if 300 <= status < 400:
                self.send_header("Location", service.locations.get(self.path, service.origin + "/"))
            if status == 429:
                self.send_header("Retry-After", "60")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def running() -> Iterator[LocalPushService]:
    service = LocalPushService()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(service))
    server.daemon_threads = True
    service.origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()


StartService = Callable[[], LocalPushService]
