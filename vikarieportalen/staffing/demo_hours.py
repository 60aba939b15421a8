"""Demo data: approved hours of past bookings."""

from __future__ import annotations

from collections.abc import Callable

Count = Callable[[str, bool], None]


def demo_hours_build(*, count: Count) -> None:
    """Not built yet."""
