"""The retention tests' clock: data is made at moments before NOW, then the purge runs at NOW."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from vikarieportalen.core.time import STOCKHOLM

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=STOCKHOLM)


def days_ago(days: float) -> dt.datetime:
    return NOW.astimezone(dt.UTC) - dt.timedelta(days=days)  # elapsed time, as the purge counts


@pytest.fixture
def clock(time_machine) -> Callable[[dt.datetime], None]:
    """``clock(moment)`` stops the clock at ``moment`` (rows made now get it as created_at)."""

    def move(moment: dt.datetime) -> None:
        time_machine.move_to(moment, tick=False)

    return move
