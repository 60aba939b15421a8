"""How often one visitor may post feedback, counted in the cache (see rules.throttle_allows).

The cache holds a counter per visitor and fixed window under a key made with a keyed hash
(HMAC with SECRET_KEY) of the visitor and the window number: the address is never stored, cannot be
recovered from the key without the secret, and the key disappears when the window ends. A refused
post costs one cache round trip and no database query.

Several app servers need a shared cache (REDIS_URL) for the limit to hold across them.
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from vikarieportalen.feedback.rules import throttle_allows, throttle_window

DEFAULT_POSTS_PER_WINDOW = 20
DEFAULT_WINDOW_SECONDS = 10 * 60


def _limit() -> int:
    return int(getattr(settings, "FEEDBACK_THROTTLE_POSTS", DEFAULT_POSTS_PER_WINDOW))


def _window_seconds() -> int:
    return int(getattr(settings, "FEEDBACK_THROTTLE_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS))


def feedback_throttle_identity(request: HttpRequest) -> str:
    """Whom to count: the user when logged in, otherwise the client address.

    An IPv6 client is counted by its /64, since one household or bot easily holds a whole /64.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    text = getattr(request, "client_ip", "") or request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return "address:unknown"
    if address.version == 6:
        return f"address:{ipaddress.ip_network(f'{address}/64', strict=False)}"
    return f"address:{address}"


def _key(identity: str, window: int) -> str:
    digest = salted_hmac(
        "vikarieportalen.feedback.throttle", f"{identity}\x1f{window}", algorithm="sha256"
    ).hexdigest()
    return f"feedback-throttle:{digest[:32]}"


def feedback_post_allowed(*, identity: str, now: float | None = None) -> bool:
    """Count one post for ``identity`` and say whether it is within the limit."""
    now = time.time() if now is None else now
    window_seconds = _window_seconds()
    key = _key(identity, throttle_window(now, window_seconds=window_seconds))
    cache.add(key, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window_seconds + 5)
        count = 1
    return throttle_allows(count, limit=_limit())
