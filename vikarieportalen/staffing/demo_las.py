"""Demo data: LAS days (bookings of earlier years, if any are needed)."""

from __future__ import annotations

from collections.abc import Callable

Count = Callable[[str, bool], None]


def demo_las_build(*, count: Count) -> None:
    """Not built yet."""
