"""A small client for the 46elks SMS gateway (https://46elks.com/docs/send-sms).

Only what the portal needs: send one SMS, with a delivery-report URL. Stdlib HTTP, no SDK.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass


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
    def __init__(self, *, base_url: str, username: str, password: str, timeout: float) -> None:
        if not base_url.startswith(("https://", "http://")):
            raise ValueError(f"46elks base URL must be http(s), not {base_url!r}")
        self.endpoint = base_url.rstrip("/") + "/a1/sms"
        token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self.authorization = f"Basic {token}"
        self.timeout = timeout

    def send_sms(self, *, sender: str, to: str, message: str, whendelivered: str = "") -> ElksSms:
        fields = {"from": sender, "to": to, "message": message}
        if whendelivered:
            fields["whendelivered"] = whendelivered
        request = urllib.request.Request(  # noqa: S310 (scheme checked in __init__)
            self.endpoint,
            data=urllib.parse.urlencode(fields).encode("utf-8"),
            method="POST",
            headers={
                "Authorization": self.authorization,
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace").strip()
            # 429 is the gateway asking us to slow down; other 4xx answers will not change.
            temporary = exc.code >= 500 or exc.code == 429
            raise ElksError(f"HTTP {exc.code}: {detail}", status=exc.code, temporary=temporary) from exc
        except (TimeoutError, urllib.error.URLError, OSError) as exc:
            raise ElksError(f"no answer from gateway: {exc}", status=None, temporary=True) from exc
        try:
            data = json.loads(body)
            return ElksSms(id=str(data["id"]), status=str(data.get("status", "")), parts=data.get("parts"))
        except (ValueError, KeyError, TypeError) as exc:
            # Accepted (2xx) but unreadable: retrying could send twice, so this is not temporary.
            raise ElksError(f"unreadable answer: {body[:200]!r}", status=200, temporary=False) from exc
