"""Pure rules about push subscriptions: which push addresses the portal will post to. No database.

A subscription's endpoint is an address the server will later POST to, given by a browser: without
these checks anyone logged in could make the portal call an address inside the municipal network
(server-side request forgery). Only https, never an IP address in a private, loopback or otherwise
special range, and only on a host of a known push service (setting PUSH_ALLOWED_SERVICES).
What a host name resolves to is checked by the backend (I/O) with ``address_special`` below.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections.abc import Sequence
from enum import StrEnum
from urllib.parse import urlsplit

ENDPOINT_MAX_LENGTH = 1000


class SubscriptionProblem(StrEnum):
    MALFORMED = "malformed"
    NOT_HTTPS = "not_https"
    PRIVATE_ADDRESS = "private_address"
    NOT_ALLOWED = "not_allowed"
    BAD_KEYS = "bad_keys"


def address_special(address: str) -> bool:
    """An IP address (as a resolver or a socket gives it) outside the public internet: private,
    loopback, link-local, multicast, reserved, unspecified… Anything that is not an IP address is
    special too: the portal never posts to what it cannot classify."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 scope ("fe80::1%eth0") aside
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return not ip.is_global or ip.is_multicast


def _is_special_address(host: str) -> bool:
    """An IP literal outside the public internet, or a name that always means this machine.

    Only the address as written: what a name resolves to is checked when subscribing and again
    when sending (``backend.endpoint_host_check`` and its connections), since resolving is I/O.
    """
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return address_special(name)


def host_allowed(host: str, allowed: Sequence[str]) -> bool:
    """``host`` is an entry of ``allowed``, or under an entry written as ``*.example.com``."""
    host = host.rstrip(".").lower()
    for entry in allowed:
        entry = entry.strip().lower()
        if entry.startswith("*."):
            if host.endswith(entry[1:]) and host != entry[2:]:
                return True
        elif entry and host == entry:
            return True
    return False


def endpoint_problem(endpoint: str, *, allowed: Sequence[str]) -> SubscriptionProblem | None:
    """Why the portal must not post to ``endpoint``, or None when it may."""
    if not endpoint or len(endpoint) > ENDPOINT_MAX_LENGTH or any(c.isspace() for c in endpoint):
        return SubscriptionProblem.MALFORMED
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        return SubscriptionProblem.MALFORMED
    if parts.scheme.lower() != "https":
        return SubscriptionProblem.NOT_HTTPS
    host = parts.hostname or ""
    if not host or parts.username is not None or parts.password is not None:
        return SubscriptionProblem.MALFORMED
    if _is_special_address(host):
        return SubscriptionProblem.PRIVATE_ADDRESS
    if port not in (None, 443) or not host_allowed(host, allowed):
        return SubscriptionProblem.NOT_ALLOWED
    return None


def _b64url_bytes(value: str) -> bytes | None:
    if not re.fullmatch(r"[A-Za-z0-9_-]+={0,2}", value or ""):
        return None
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


def keys_valid(*, p256dh: str, auth: str) -> bool:
    """The browser's keys: an uncompressed P-256 point (65 bytes, 0x04 first) and a 16-byte secret."""
    public, secret = _b64url_bytes(p256dh), _b64url_bytes(auth)
    return (
        public is not None
        and len(public) == 65
        and public[0] == 4
        and secret is not None
        and len(secret) == 16
    )


_BROWSERS = (
    ("Edg/", "Edge"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox", "Firefox"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("Linux", "Linux"),
)


def device_label(user_agent: str) -> str:
    """ "Chrome, Android" from a User-Agent header, for the person to tell their devices apart."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return ", ".join(part for part in (browser, system) if part)[:100]
