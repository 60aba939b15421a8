"""The Hypothesis profile of the test suite (vikarieportalen/conftest.py): load is no failure."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def test_the_ci_profile_is_loaded_by_default() -> None:
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check
    assert settings.default.max_examples == 100


def _slowly(value: int) -> int:
    # A loaded machine, played: ten draws take longer than the 1 s Hypothesis's too_slow check allows
    # when a deadline is set.
    time.sleep(0.2)
    return value


@settings(max_examples=12)
@given(st.integers().map(_slowly))
def test_slow_data_generation_does_not_fail_a_property_test(number: int) -> None:
    assert isinstance(number, int)
