"""Demo data: hourly wages and supplement bands."""

from __future__ import annotations

from collections.abc import Callable

Count = Callable[[str, bool], None]


def demo_pay_build(*, count: Count) -> None:
    """Not built yet."""
