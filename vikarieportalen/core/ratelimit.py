"""Counting events in Django's cache: the one windowed counter every limit uses.

A window is a cache key holding an integer that expires ``window_seconds`` after its first event.
Counting is atomic on Redis and on the local-memory cache: the window is reserved with ``add``
(set-if-absent) and counted with ``incr``, so two requests at once never read the same count.

The cache must be shared by every app server for a limit to hold across them: Redis in production
(REDIS_URL). The local-memory cache is per process, so several processes each count separately.
The policy (how many, how long) stays with each caller; this module only counts.
"""

from __future__ import annotations

import ipaddress

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

# add, then incr: if the key expires in between, incr fails and the next round starts a new window.
_ATTEMPTS = 3


def window_hit(key: str, *, window_seconds: int) -> int:
    """Count one event under ``key``; the number of events in its window, this one included."""
    for _attempt in range(_ATTEMPTS):
        if cache.add(key, 1, timeout=window_seconds):
            return 1
        try:
            count = int(cache.incr(key))
        except ValueError:  # the window ended between add and incr
            continue
        if count == 1:
            # Redis's INCR re-creates a key that expired after Django's exists check, without a
            # timeout; a counter that never expires would refuse for ever.
            cache.touch(key, timeout=window_seconds)
        return count
    raise RuntimeError(f"the cache would not keep the counter {key!r}")


def window_count(key: str) -> int:
    """How many events the window under ``key`` holds now (0 when it has none or has ended)."""
    return int(cache.get(key, 0))


def window_number(now: float, *, window_seconds: int) -> int:
    """The number of the fixed window ``now`` (POSIX seconds) falls in, for limits per clock window."""
    return int(now // window_seconds)


def hashed_key(prefix: str, *parts: object, salt: str) -> str:
    """A cache key naming ``parts`` (an address, a window) without them: a keyed hash with SECRET_KEY.

    The key cannot be turned back into the address without the secret, so the cache holds none.
    """
    text = "\x1f".join(str(part) for part in parts)
    return f"{prefix}:{salted_hmac(salt, text, algorithm='sha256').hexdigest()[:32]}"


def client_identity(request: HttpRequest) -> str:
    """Whom an anonymous request is counted as: its address, an IPv6 client by its /64.

    One household or bot easily holds a whole IPv6 /64, so counting single addresses there would
    not limit anyone. ``"unknown"`` when the address cannot be read.
    """
    text = getattr(request, "client_ip", "") or request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
