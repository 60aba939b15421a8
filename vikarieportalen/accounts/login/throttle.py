"""Login throttling state, kept in Django's cache (see throttle_rules.py for the rule).

Per key, a failure counter (``core.ratelimit``, atomic: two failures at once count as two) and the
time of the last failure. A password is checked only after ``login_attempt_reserve`` has counted
the attempt as a failure in advance, so many parallel guesses cannot all read "no failures yet";
a right password then clears the account's count and gives the address its place back.
The cache must be shared by every app server: Redis in production (REDIS_URL). The local-memory
cache used without Redis is per process, so several processes each count separately.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from vikarieportalen.accounts.login.throttle_rules import ThrottlePolicy, throttle_seconds_left
from vikarieportalen.core.ratelimit import window_hit, window_unhit

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
    # The time first, then the count: whoever reads a count past the free failures also reads a
    # time, and so a wait. The other order let a parallel attempt read 5 failures and no time yet,
    # take no wait and have a sixth password checked (bench/login_race.py saw it once in six runs).
    cache.set(_last_key(key), now, STATE_TTL_SECONDS)
    failures = window_hit(key, window_seconds=STATE_TTL_SECONDS)
    # Forgotten a day after the last failure, not the first: each failure moves the expiry on.
    cache.touch(key, STATE_TTL_SECONDS)
    return failures


def login_wait_seconds(*, username: str, address: str, now: float | None = None) -> int:
    """Seconds this (username, address) must still wait before a password is checked; 0 = go ahead."""
    now = time.time() if now is None else now
    return _wait_seconds(_read(_account_key(username, address)), _read(_address_key(address)), now)


def _wait_seconds(account: _State, by_address: _State, now: float) -> int:
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


def _reserved(key: str, state: _State, now: float, policy: ThrottlePolicy) -> bool:
    """Count this attempt under ``key`` at once; may it go on?

    Free attempts go on whatever else happens at the same time. Past them, only an attempt whose
    count follows straight on the state it read may go on: another attempt counted in between
    came just now, so the wait after it cannot be over.
    """
    count = _add_failure(key, now)
    return count - 1 < policy.free_failures or count == state.failures + 1


def login_attempt_reserve(*, username: str, address: str, now: float | None = None) -> bool:
    """Count a password attempt before the password is checked; False = throttled, do not check it.

    An attempt allowed now counts as a failure until ``login_success_record`` says otherwise.
    A throttled one is not counted, so guessing during the wait does not make it longer.
    """
    now = time.time() if now is None else now
    account_key, address_key = _account_key(username, address), _address_key(address)
    account, by_address = _read(account_key), _read(address_key)
    # The wait is judged on the very counts _reserved compares with: read apart, an attempt could
    # read "4 failures, no wait", then "5", count the 6th and pass as "nobody in between".
    if _wait_seconds(account, by_address, now) > 0:
        return False
    account_ok = _reserved(account_key, account, now, account_policy())
    address_ok = _reserved(address_key, by_address, now, address_policy())
    return account_ok and address_ok


def login_failure_record(*, username: str, address: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    _add_failure(_account_key(username, address), now)
    _add_failure(_address_key(address), now)


def login_success_record(*, username: str, address: str) -> None:
    """A right password from this address clears that account's count there, and gives back the
    place its reserved attempt took in the address's count (earlier failures stay counted)."""
    key = _account_key(username, address)
    cache.delete_many([key, _last_key(key)])
    window_unhit(_address_key(address))
