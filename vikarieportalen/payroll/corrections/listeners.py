"""Who is told, inside the correction's transaction, that a shift's hours were corrected.

Payroll sits below the apps that count its lines (certificates), so it cannot call them; they
register a listener in their ``AppConfig.ready`` instead. A listener gets the correction after its
reversal and new lines are written, in the same transaction: what it writes commits or rolls back
with the correction, and an exception it raises undoes the correction.
"""

from __future__ import annotations

from collections.abc import Callable

from vikarieportalen.payroll.models import HoursCorrection

CorrectionListener = Callable[[HoursCorrection], object]  # what it returns is not used

_listeners: list[CorrectionListener] = []


def correction_listener_register(listener: CorrectionListener) -> None:
    """Register once (``ready`` may run twice in tests: a listener is kept once)."""
    if listener not in _listeners:
        _listeners.append(listener)


def correction_listeners_call(correction: HoursCorrection) -> None:
    for listener in _listeners:
        listener(correction)
