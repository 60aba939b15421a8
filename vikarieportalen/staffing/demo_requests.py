"""Demo data: workplace requests."""

from __future__ import annotations

from collections.abc import Callable

Count = Callable[[str, bool], None]


def demo_requests_build(*, count: Count) -> None:
    """Not built yet."""
