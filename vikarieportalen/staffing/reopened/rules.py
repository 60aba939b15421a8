"""When a cancelled booking reopens its shift (pure).

Only a cancellation the staffing centre did not make surprises it (the substitute's own, or HR
ending the substitute's engagement): when staff or the workplace cancel, they know already, and
when the shift itself is cancelled there is nothing to fill.
"""

from __future__ import annotations

import datetime as dt


def cancellation_reopens_shift(
    *, staffing_centre_unaware: bool, shift_cancelled: bool, shift_ends_at: dt.datetime, now: dt.datetime
) -> bool:
    """True when the cancellation leaves a shift the staffing centre must fill again and did not
    cancel itself (the substitute cancelled, or HR ended the substitute's engagement)."""
    return staffing_centre_unaware and not shift_cancelled and shift_ends_at > now
