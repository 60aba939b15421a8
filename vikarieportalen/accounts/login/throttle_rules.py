"""Password guessing: how long a login must wait after failures. Pure functions, no cache, no DB.

Failures are counted per (account, address) and per address. The first ``free`` failures cost
nothing; after that each failure doubles the wait (1, 2, 4 … minutes), up to a cap. Counting per
address as well as per account means an attacker guessing usernames (they follow a public rule)
from address X never delays the real user logging in from address Y.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ThrottlePolicy:
    free_failures: int
    base_delay_seconds: int = 60
    max_delay_seconds: int = 60 * 60


def throttle_delay_seconds(failures: int, *, policy: ThrottlePolicy) -> int:
    """The wait after the ``failures``-th failure: 0 before the free ones are used up, then doubling."""
    if failures < policy.free_failures:
        return 0
    exponent = min(failures - policy.free_failures, 30)  # 2**30 s is past any sensible cap
    doubling: int = 2**exponent  # typeshed makes int ** int Any (a negative exponent gives a float)
    return min(policy.base_delay_seconds * doubling, policy.max_delay_seconds)


def throttle_seconds_left(
    *, failures: int, last_failure_at: float | None, now: float, policy: ThrottlePolicy
) -> int:
    """Seconds until the next attempt is allowed (0: allowed now). Times are POSIX timestamps."""
    if last_failure_at is None or failures <= 0:
        return 0
    left = last_failure_at + throttle_delay_seconds(failures, policy=policy) - now
    return max(0, int(left + 0.999))
