"""A small client for the 46elks SMS gateway (https://46elks.com/docs/send-sms).

Only what the portal needs: send one SMS, with a delivery-report URL. No SDK: httpx, with one pool
of kept-alive connections per gateway and process (``ElksClient.shared``), so a burst of SMS does not
open a TCP (and TLS) connection per message. httpx's pool is safe to share between threads.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass
from typing import ClassVar

import httpx


class ElksError(Exception):
    """The gateway did not accept the SMS. ``temporary``: trying again later may succeed."""

    def __init__(self, detail: str, *, status: int | None, temporary: bool) -> None:
        super().__init__(detail)
        self.status = status
        self.temporary = temporary


@dataclass(frozen=True)
class ElksSms:
    id: str
    status: str
    parts: int | None


class ElksClient:
    _shared: ClassVar[dict[tuple[str, str, str, float], ElksClient]] = {}
    _shared_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self, *, base_url: str, username: str, password: str, timeout: float, connections: int = 10
    ) -> None:
        if not base_url.startswith(("https://", "http://")):
            raise ValueError(f"46elks base URL must be http(s), not {base_url!r}")
        self.endpoint = base_url.rstrip("/") + "/a1/sms"
        token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self.http = httpx.Client(
            timeout=timeout,
            headers={"Authorization": f"Basic {token}", "Accept": "application/json"},
            limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
            follow_redirects=False,
        )

    @classmethod
    def shared(
        cls, *, base_url: str, username: str, password: str, timeout: float, connections: int = 10
    ) -> ElksClient:
        """The process's one client for this gateway and account: its connections are kept alive
        from one SMS to the next."""
        key = (base_url, username, password, timeout)
        with cls._shared_lock:
            client = cls._shared.get(key)
            if client is None:
                client = cls(
                    base_url=base_url,
                    username=username,
                    password=password,
                    timeout=timeout,
                    connections=connections,
                )
                cls._shared[key] = client
            return client

    def send_sms(self, *, sender: str, to: str, message: str, whendelivered: str = "") -> ElksSms:
        fields = {"from": sender, "to": to, "message": message}
        if whendelivered:
            fields["whendelivered"] = whendelivered
        try:
            response = self.http.post(self.endpoint, data=fields)
        except httpx.HTTPError as exc:  # timeouts, refused or dropped connections
            raise ElksError(f"no answer from gateway: {exc}", status=None, temporary=True) from exc
        if response.status_code >= 400:
            detail = response.text[:500].strip()
            # 429 is the gateway asking us to slow down; other 4xx answers will not change.
            code = response.status_code
            temporary = code >= 500 or code == 429
            raise ElksError(f"HTTP {code}: {detail}", status=code, temporary=temporary)
        try:
            data = json.loads(response.content)
            return ElksSms(id=str(data["id"]), status=str(data.get("status", "")), parts=data.get("parts"))
        except (ValueError, KeyError, TypeError) as exc:
            # Accepted (2xx) but unreadable: retrying could send twice, so this is not temporary.
            detail = f"unreadable answer: {response.content[:200]!r}"
            raise ElksError(detail, status=200, temporary=False) from exc
