"""Login throttling state, kept in Django's cache (see throttle_rules.py for the rule).

Per key, a failure counter (``core.ratelimit``, atomic: two failures at once count as two) and the
time of the last failure. The cache must be shared by every app server: Redis in production
(REDIS_URL). The local-memory cache used without Redis is per process, so several processes each
count separately.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from vikarieportalen.accounts.login.throttle_rules import ThrottlePolicy, throttle_seconds_left
from vikarieportalen.core.ratelimit import window_hit

# Counters are forgotten a day after the last failure.
STATE_TTL_SECONDS = 24 * 60 * 60


def account_policy() -> ThrottlePolicy:
    return ThrottlePolicy(
        free_failures=settings.LOGIN_THROTTLE_ACCOUNT_FAILURES,
        base_delay_seconds=settings.LOGIN_THROTTLE_BASE_DELAY_SECONDS,
        max_delay_seconds=settings.LOGIN_THROTTLE_MAX_DELAY_SECONDS,
    )


def address_policy() -> ThrottlePolicy:
    return ThrottlePolicy(
        free_failures=settings.LOGIN_THROTTLE_ADDRESS_FAILURES,
        base_delay_seconds=settings.LOGIN_THROTTLE_BASE_DELAY_SECONDS,
        max_delay_seconds=settings.LOGIN_THROTTLE_MAX_DELAY_SECONDS,
    )


def key_digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def _account_key(username: str, address: str) -> str:
    return f"login-failures:account:{key_digest(username.strip().upper(), address)}"


def _address_key(address: str) -> str:
    return f"login-failures:address:{key_digest(address)}"


def _last_key(key: str) -> str:
    return f"{key}:last"


@dataclass(frozen=True)
class _State:
    failures: int
    last_failure_at: float | None


def _read(key: str) -> _State:
    values = cache.get_many([key, _last_key(key)])
    return _State(int(values.get(key, 0)), values.get(_last_key(key)))


def _add_failure(key: str, now: float) -> int:
    failures = window_hit(key, window_seconds=STATE_TTL_SECONDS)
    # Forgotten a day after the last failure, not the first: each failure moves the expiry on.
    cache.touch(key, STATE_TTL_SECONDS)
    cache.set(_last_key(key), now, STATE_TTL_SECONDS)
    return failures


def login_wait_seconds(*, username: str, address: str, now: float | None = None) -> int:
    """Seconds this (username, address) must still wait before a password is checked; 0 = go ahead."""
    now = time.time() if now is None else now
    account = _read(_account_key(username, address))
    by_address = _read(_address_key(address))
    return max(
        throttle_seconds_left(
            failures=account.failures,
            last_failure_at=account.last_failure_at,
            now=now,
            policy=account_policy(),
        ),
        throttle_seconds_left(
            failures=by_address.failures,
            last_failure_at=by_address.last_failure_at,
            now=now,
            policy=address_policy(),
        ),
    )


def login_failure_record(*, username: str, address: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    _add_failure(_account_key(username, address), now)
    _add_failure(_address_key(address), now)


def login_success_record(*, username: str, address: str) -> None:
    """A right password from this address clears that account's count there (not the address's)."""
    key = _account_key(username, address)
    cache.delete_many([key, _last_key(key)])
