"""How often one visitor may post feedback, counted in the cache (core.ratelimit.window_reserve).

The cache holds a counter per visitor and clock window under a key made with a keyed hash
(HMAC with SECRET_KEY) of the visitor: the address is never stored, cannot be recovered from the
key without the secret, and the key disappears when the window ends. A refused
post costs one cache round trip and no database query.

Several app servers need a shared cache (REDIS_URL) for the limit to hold across them.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from vikarieportalen.core.ratelimit import client_identity, hashed_key, window_reserve

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
    key = hashed_key("feedback-throttle", identity, salt="vikarieportalen.feedback.throttle")
    return window_reserve(key, limit=_limit(), window_seconds=_window_seconds(), now=now).allowed
