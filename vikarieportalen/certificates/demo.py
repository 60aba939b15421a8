"""Demo data: certificate orders."""

from __future__ import annotations

from collections.abc import Callable

Count = Callable[[str, bool], None]


def demo_certificates_build(*, count: Count) -> None:
    """Not built yet."""
