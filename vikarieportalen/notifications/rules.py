"""Pure rules about messages: SMS encoding and length, quiet hours, urgency, retry timing. No database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# GSM 03.38 default alphabet (without ESC) and its extension table, whose characters take two septets.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM_SINGLE, GSM_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


class SmsEncoding(StrEnum):
    GSM = "GSM-7"
    UCS2 = "UCS-2"


@dataclass(frozen=True)
class SmsLength:
    encoding: SmsEncoding
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


def sms_encoding(text: str) -> SmsEncoding:
    """GSM-7 when every character is in the GSM 03.38 alphabet (å ä ö Å Ä Ö are), otherwise UCS-2."""
    if all(char in GSM_BASIC or char in GSM_EXTENSION for char in text):
        return SmsEncoding.GSM
    return SmsEncoding.UCS2


def _pack(widths: list[int], *, single: int, part: int) -> int:
    """Segments needed; a character (escape pair, surrogate pair) is never split between segments."""
    total = sum(widths)
    if total <= single:
        return 1 if total else 0
    segments, used = 1, 0
    for width in widths:
        if used + width > part:
            segments += 1
            used = 0
        used += width
    return segments


def sms_length(text: str) -> SmsLength:
    """Encoding, size and number of segments of an SMS text (160/153 GSM-7, 70/67 UCS-2)."""
    encoding = sms_encoding(text)
    if encoding is SmsEncoding.GSM:
        widths = [2 if char in GSM_EXTENSION else 1 for char in text]
        single, part = GSM_SINGLE, GSM_PART
    else:
        widths = [len(char.encode("utf-16-le")) // 2 for char in text]
        single, part = UCS2_SINGLE, UCS2_PART
    return SmsLength(encoding, sum(widths), _pack(widths, single=single, part=part))


def sms_text_check(text: str, *, max_segments: int) -> SmsLength:
    """The length of a text that may be sent; ValidationError if it is empty or too long."""
    if not text.strip():
        raise ValidationError(_("The message has no text."), code="empty_text")
    length = sms_length(text)
    if length.segments > max_segments:
        raise ValidationError(
            _("The text needs %(segments)d SMS parts, but at most %(max_segments)d are allowed. Shorten it."),
            code="too_long",
            params={"segments": length.segments, "max_segments": max_segments},
        )
    return length


@dataclass(frozen=True)
class QuietHours:
    """A daily window in local time in which non-urgent SMS wait. ``start > end`` spans midnight."""

    start: dt.time
    end: dt.time
    zone: ZoneInfo


def quiet_hours_parse(text: str, *, zone: str) -> QuietHours | None:
    """ "21:00-07:00" → QuietHours; "" or "off" → None (no quiet hours). ValueError if malformed."""
    text = text.strip()
    if text.lower() in {"", "off", "none"}:
        return None
    start_text, separator, end_text = text.partition("-")
    if not separator:
        raise ValueError(f"quiet hours must look like 21:00-07:00, not {text!r}")
    start, end = dt.time.fromisoformat(start_text.strip()), dt.time.fromisoformat(end_text.strip())
    if start == end:
        return None
    return QuietHours(start=start, end=end, zone=ZoneInfo(zone))


def quiet_hours_contains(moment: dt.datetime, quiet: QuietHours | None) -> bool:
    if quiet is None:
        return False
    local = moment.astimezone(quiet.zone).time()
    if quiet.start < quiet.end:
        return quiet.start <= local < quiet.end
    return local >= quiet.start or local < quiet.end


def quiet_hours_release(moment: dt.datetime, quiet: QuietHours | None) -> dt.datetime:
    """The first moment at or after ``moment`` outside quiet hours (aware; ``moment`` if not quiet).

    The end is a wall-clock time, so the night is an hour shorter or longer when the clocks change.
    An end that does not exist that day (in the spring gap) is moved forward by the gap.
    """
    if quiet is None or not quiet_hours_contains(moment, quiet):
        return moment
    local = moment.astimezone(quiet.zone)
    end_date = local.date()
    if quiet.start > quiet.end and local.time() >= quiet.start:
        end_date += dt.timedelta(days=1)
    wall = dt.datetime.combine(end_date, quiet.end, tzinfo=quiet.zone)
    # Round trip through UTC: resolves a wall time in the gap to a real instant.
    return dt.datetime.fromtimestamp(wall.timestamp(), tz=quiet.zone)


def message_urgent(
    *, about: dt.datetime, now: dt.datetime, quiet: QuietHours | None, window: dt.timedelta
) -> bool:
    """Whether a message about something starting at ``about`` (a shift) goes at once, even at night.

    Urgent when it starts before the quiet hours around ``now`` end (or has started already), or
    within ``window`` of ``now`` (inclusive). Otherwise it may wait for the morning: a booking
    made at 23:48 for 07:00 goes now, an offer for a shift 11 days away waits until 07.00.
    """
    # In UTC: Python compares and subtracts datetimes sharing a tzinfo by wall clock.
    about, now = about.astimezone(dt.UTC), now.astimezone(dt.UTC)
    return about <= quiet_hours_release(now, quiet).astimezone(dt.UTC) or about - now <= window


def retry_delay(*, attempt: int, base_seconds: int, max_seconds: int) -> dt.timedelta:
    """Exponential backoff after the ``attempt``-th failed attempt (1 → base, 2 → 2·base, …), capped."""
    exponent = max(attempt - 1, 0)
    seconds = base_seconds * 2 ** min(exponent, 30)
    return dt.timedelta(seconds=min(seconds, max_seconds))


# What the outbox records when the gateway's delivery report says an SMS never reached the phone.
DELIVERY_REPORT_FAILED = "gateway: not delivered to the phone"
