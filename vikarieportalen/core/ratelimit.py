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
import time
from dataclasses import dataclass

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


def window_unhit(key: str) -> None:
    """Give back one event ``window_hit`` counted under ``key`` (never below none)."""
    try:
        if int(cache.decr(key)) < 0:
            cache.delete(key)
    except ValueError:  # nothing counted, or the window has ended
        pass


@dataclass(frozen=True)
class Reservation:
    """One event counted against a limit: allowed, or refused until ``retry_at`` (POSIX seconds)."""

    allowed: bool
    count: int
    retry_at: float = 0.0


def _clock_window(key: str, *, window_seconds: int, now: float | None) -> tuple[str, float]:
    """The key of the clock window ``now`` falls in (e.g. 12:00–12:15), and when that window ends.

    Windows by the clock, not from the first event: the end is known without reading the cache,
    and it follows the clock the code runs by (tests can move it), whatever the cache's own clock.
    """
    now = time.time() if now is None else now
    return f"{key}:{window_number(now, window_seconds=window_seconds)}", window_ends_at(
        now, window_seconds=window_seconds
    )


def window_ends_at(now: float, *, window_seconds: int) -> float:
    """When the clock window ``now`` falls in ends (POSIX seconds)."""
    return float((window_number(now, window_seconds=window_seconds) + 1) * window_seconds)


def window_reserve(key: str, *, limit: int, window_seconds: int, now: float | None = None) -> Reservation:
    """Count one event under ``key`` in this clock window *before* doing the limited work.

    The count is taken atomically first, so of many requests at once exactly ``limit`` are allowed
    in a window, however they interleave. A refused event is counted too (it never frees a place).
    """
    windowed, ends_at = _clock_window(key, window_seconds=window_seconds, now=now)
    count = window_hit(windowed, window_seconds=window_seconds + 60)
    if count <= limit:
        return Reservation(allowed=True, count=count)
    return Reservation(allowed=False, count=count, retry_at=ends_at)


def window_used(key: str, *, window_seconds: int, now: float | None = None) -> int:
    """How many events ``window_reserve`` has counted under ``key`` in this clock window."""
    windowed, _ends_at = _clock_window(key, window_seconds=window_seconds, now=now)
    return int(cache.get(windowed, 0))


def window_release(key: str, *, window_seconds: int, now: float | None = None) -> None:
    """Give back one event counted in this clock window (an attempt that turned out not to count)."""
    window_unhit(_clock_window(key, window_seconds=window_seconds, now=now)[0])


def window_clear(key: str, *, window_seconds: int, now: float | None = None) -> None:
    """Forget this clock window's count under ``key``."""
    windowed, _ends_at = _clock_window(key, window_seconds=window_seconds, now=now)
    cache.delete(windowed)


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
