"""The growing delays after failed logins (pure rules, no cache)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vikarieportalen.accounts.login.throttle_rules import (
    ThrottlePolicy,
    throttle_delay_seconds,
    throttle_seconds_left,
)

POLICY = ThrottlePolicy(free_failures=5, base_delay_seconds=60, max_delay_seconds=3600)


def test_the_first_four_failures_cost_nothing() -> None:
    assert [throttle_delay_seconds(n, policy=POLICY) for n in range(5)] == [0, 0, 0, 0, 0]


def test_from_the_fifth_failure_the_wait_doubles_from_one_minute() -> None:
    assert [throttle_delay_seconds(n, policy=POLICY) for n in range(5, 10)] == [60, 120, 240, 480, 960]


def test_the_wait_stops_growing_at_the_cap() -> None:
    assert throttle_delay_seconds(11, policy=POLICY) == 3600
    assert throttle_delay_seconds(10_000, policy=POLICY) == 3600


def test_seconds_left_count_down_from_the_last_failure() -> None:
    assert throttle_seconds_left(failures=5, last_failure_at=1000.0, now=1000.0, policy=POLICY) == 60
    assert throttle_seconds_left(failures=5, last_failure_at=1000.0, now=1059.5, policy=POLICY) == 1
    assert throttle_seconds_left(failures=5, last_failure_at=1000.0, now=1060.0, policy=POLICY) == 0


def test_no_failures_means_no_wait() -> None:
    assert throttle_seconds_left(failures=0, last_failure_at=None, now=5.0, policy=POLICY) == 0
    assert throttle_seconds_left(failures=4, last_failure_at=5.0, now=5.0, policy=POLICY) == 0


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_more_failures_never_mean_a_shorter_wait(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert throttle_delay_seconds(low, policy=POLICY) <= throttle_delay_seconds(high, policy=POLICY)
    assert 0 <= throttle_delay_seconds(high, policy=POLICY) <= POLICY.max_delay_seconds
