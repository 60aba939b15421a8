"""Demo data: offers."""

from __future__ import annotations

from collections.abc import Callable

Count = Callable[[str, bool], None]


def demo_offers_build(*, count: Count) -> None:
    """Not built yet."""
