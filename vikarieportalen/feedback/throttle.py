"""How often one visitor may post feedback, counted in the cache (see rules.throttle_allows).

The cache holds a counter per visitor and fixed window under a key made with a keyed hash
(HMAC with SECRET_KEY) of the visitor and the window number: the address is never stored, cannot be
recovered from the key without the secret, and the key disappears when the window ends. A refused
post costs one cache round trip and no database query.

Several app servers need a shared cache (REDIS_URL) for the limit to hold across them.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest

from vikarieportalen.core.ratelimit import client_identity, hashed_key, window_hit, window_number
from vikarieportalen.feedback.rules import throttle_allows

DEFAULT_POSTS_PER_WINDOW = 20
DEFAULT_WINDOW_SECONDS = 10 * 60


def _limit() -> int:
    return int(getattr(settings, "FEEDBACK_THROTTLE_POSTS", DEFAULT_POSTS_PER_WINDOW))


def _window_seconds() -> int:
    return int(getattr(settings, "FEEDBACK_THROTTLE_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS))


def feedback_throttle_identity(request: HttpRequest) -> str:
    """Whom to count: the user when logged in, otherwise the client address (an IPv6 client by its /64)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_identity(request)}"


def feedback_post_allowed(*, identity: str, now: float | None = None) -> bool:
    """Count one post for ``identity`` and say whether it is within the limit."""
    now = time.time() if now is None else now
    window_seconds = _window_seconds()
    window = window_number(now, window_seconds=window_seconds)
    key = hashed_key("feedback-throttle", identity, window, salt="vikarieportalen.feedback.throttle")
    # +5 s: the key must not expire before its window ends, whatever the cache server's clock says.
    count = window_hit(key, window_seconds=window_seconds + 5)
    return throttle_allows(count, limit=_limit())
