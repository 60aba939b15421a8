"""Demo data: payroll export batches."""

from __future__ import annotations

from collections.abc import Callable

Count = Callable[[str, bool], None]


def demo_export_build(*, count: Count) -> None:
    """Not built yet."""
