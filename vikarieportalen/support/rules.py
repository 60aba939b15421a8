"""Pure rules of the payroll support desk: business hours, the case clock, statuses, file names.

No database and no clock: every function takes the moments it needs, so the rules are tested
with plain data, across the daylight-saving changes and the Swedish holidays.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import filetype

from vikarieportalen.core.public_holidays import swedish_holidays
from vikarieportalen.support.choices import CLOCK_RUNNING, AttachmentType, CaseStatus

# ---------------------------------------------------------------------------------------------
# Business hours


@dataclass(frozen=True)
class BusinessHours:
    """Weekdays from ``opens`` to ``closes`` local time; Swedish public holidays and the eves
    that are days off in practice (midsummer eve, Christmas eve, New Year's eve) are closed."""

    opens: dt.time = dt.time(8, 0)
    closes: dt.time = dt.time(16, 0)
    zone: str = "Europe/Stockholm"


PAYROLL_HOURS = BusinessHours()


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in swedish_holidays([day.year])


def _window(day: dt.date, hours: BusinessHours) -> tuple[dt.datetime, dt.datetime]:
    zone = ZoneInfo(hours.zone)
    return (
        dt.datetime.combine(day, hours.opens, tzinfo=zone),
        dt.datetime.combine(day, hours.closes, tzinfo=zone),
    )


def _require_aware(*moments: dt.datetime) -> None:
    if any(moment.tzinfo is None for moment in moments):
        raise ValueError("business-hour rules need aware datetimes")


def business_seconds_between(
    start: dt.datetime, end: dt.datetime, *, hours: BusinessHours = PAYROLL_HOURS
) -> int:
    """Whole seconds of business time in [start, end); 0 when end is not after start."""
    _require_aware(start, end)
    if end <= start:
        return 0
    zone = ZoneInfo(hours.zone)
    day, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    total = dt.timedelta(0)
    while day <= last:
        if is_business_day(day):
            opens, closes = _window(day, hours)
            low, high = max(start, opens), min(end, closes)
            if high > low:
                total += high - low
        day += dt.timedelta(days=1)
    return int(total.total_seconds())


def business_moment_after(
    start: dt.datetime, seconds: int, *, hours: BusinessHours = PAYROLL_HOURS
) -> dt.datetime:
    """The moment when ``seconds`` of business time have passed since ``start``."""
    _require_aware(start)
    if seconds <= 0:
        return start
    zone = ZoneInfo(hours.zone)
    remaining = dt.timedelta(seconds=seconds)
    day = start.astimezone(zone).date()
    while True:  # ends: every week has business days, and remaining shrinks on each of them
        if is_business_day(day):
            opens, closes = _window(day, hours)
            low = max(start, opens)
            if low < closes:
                if remaining <= closes - low:
                    return (low + remaining).astimezone(zone)
                remaining -= closes - low
        day += dt.timedelta(days=1)


# ---------------------------------------------------------------------------------------------
# The case clock: business time counted only while the case waits for payroll


@dataclass(frozen=True)
class Period:
    """A stretch of time a case spent in one status; ``ended_at`` is None for the current one."""

    status: str
    started_at: dt.datetime
    ended_at: dt.datetime | None = None


def clock_seconds(
    periods: Iterable[Period], *, now: dt.datetime, hours: BusinessHours = PAYROLL_HOURS
) -> int:
    """Business seconds the case has spent waiting for payroll (new or in progress) up to ``now``."""
    return sum(
        business_seconds_between(period.started_at, period.ended_at or now, hours=hours)
        for period in periods
        if period.status in CLOCK_RUNNING
    )


def due_moment(
    periods: Sequence[Period], *, due_seconds: int, hours: BusinessHours = PAYROLL_HOURS
) -> dt.datetime | None:
    """When the case falls due, or None while the clock is stopped (waiting, solved, closed).

    The due moment of a running case does not move as time passes, so it can be stored and
    sorted on; it changes only when the status does. It may lie in the past: then the case is late.
    """
    if not periods or periods[-1].ended_at is not None or periods[-1].status not in CLOCK_RUNNING:
        return None
    remaining = due_seconds
    for period in periods:
        if period.status not in CLOCK_RUNNING:
            continue
        if period.ended_at is not None:
            spent = business_seconds_between(period.started_at, period.ended_at, hours=hours)
            if spent < remaining:
                remaining -= spent
                continue
        return business_moment_after(period.started_at, remaining, hours=hours)
    return None  # not reached: the last period is running and returns above


@dataclass(frozen=True)
class Duration:
    hours: int
    minutes: int


def duration_of(seconds: int) -> Duration:
    minutes = max(seconds, 0) // 60
    return Duration(hours=minutes // 60, minutes=minutes % 60)


# ---------------------------------------------------------------------------------------------
# Statuses

STAFF_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.NEW: frozenset(
        {CaseStatus.IN_PROGRESS, CaseStatus.WAITING, CaseStatus.SOLVED, CaseStatus.CLOSED}
    ),
    CaseStatus.IN_PROGRESS: frozenset({CaseStatus.WAITING, CaseStatus.SOLVED, CaseStatus.CLOSED}),
    CaseStatus.WAITING: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.SOLVED, CaseStatus.CLOSED}),
    # Reopening a solved case is allowed; a closed case is final.
    CaseStatus.SOLVED: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}


def staff_may_set_status(current: str, new: str) -> bool:
    return new in STAFF_TRANSITIONS.get(current, frozenset())


class SubstituteReply(enum.StrEnum):
    """What a substitute's message does to the case."""

    ADDS = "adds"  # the case is already with payroll: the status stays
    RESUMES = "resumes"  # payroll was waiting for this answer: the clock starts again
    REOPENS = "reopens"  # a solved case, within the reopening window
    TOO_LATE = "too_late"  # solved longer ago than the window: open a new case
    CLOSED = "closed"  # closed is final


def substitute_reply_effect(
    *, status: str, solved_at: dt.datetime | None, now: dt.datetime, reopen_days: int
) -> SubstituteReply:
    if status == CaseStatus.CLOSED:
        return SubstituteReply.CLOSED
    if status == CaseStatus.SOLVED:
        if solved_at is not None and now - solved_at <= dt.timedelta(days=reopen_days):
            return SubstituteReply.REOPENS
        return SubstituteReply.TOO_LATE
    if status == CaseStatus.WAITING:
        return SubstituteReply.RESUMES
    return SubstituteReply.ADDS


def status_when_back_with_payroll(*, has_assignee: bool) -> CaseStatus:
    """After the substitute answers or reopens: with the handler if there is one, else in the queue."""
    return CaseStatus.IN_PROGRESS if has_assignee else CaseStatus.NEW


def solved_case_is_past_reopening(*, solved_at: dt.datetime, now: dt.datetime, reopen_days: int) -> bool:
    return now - solved_at > dt.timedelta(days=reopen_days)


class RatingRefusal(enum.StrEnum):
    NOT_SOLVED = "not_solved"
    ALREADY_RATED = "already_rated"


def rating_refusal(
    *, status: str, solved_at: dt.datetime | None, already_rated: bool
) -> RatingRefusal | None:
    """Why a rating is refused, or None: a case is rated once, after it has been solved."""
    if already_rated:
        return RatingRefusal.ALREADY_RATED
    if status not in {CaseStatus.SOLVED, CaseStatus.CLOSED} or solved_at is None:
        return RatingRefusal.NOT_SOLVED
    return None


# ---------------------------------------------------------------------------------------------
# Attachments

EXTENSIONS: dict[str, str] = {
    AttachmentType.PDF: ".pdf",
    AttachmentType.JPEG: ".jpg",
    AttachmentType.PNG: ".png",
}
# Extensions a name may carry for each type; a name claiming another allowed type is refused.
_NAME_EXTENSIONS: dict[str, AttachmentType] = {
    ".pdf": AttachmentType.PDF,
    ".jpg": AttachmentType.JPEG,
    ".jpeg": AttachmentType.JPEG,
    ".jpe": AttachmentType.JPEG,
    ".png": AttachmentType.PNG,
}
DISPLAY_NAME_MAX = 120
_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]+")


def attachment_display_name(raw: str, *, fallback: str = "bilaga") -> str:
    """The name shown for an upload: no folders, no control characters, at most 120 characters.

    Browsers may send a whole path ("C:\\Users\\x\\lön.pdf", "../../etc/passwd"); only the last
    part is kept, and it is only ever shown, never used to store the file.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _UNSAFE.sub("", name).strip().lstrip(".").strip()
    if not name:
        return fallback
    if len(name) > DISPLAY_NAME_MAX:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 8:
            name = stem[: DISPLAY_NAME_MAX - len(extension) - 1] + "." + extension
        else:
            name = name[:DISPLAY_NAME_MAX]
    return name


def attachment_type_of(head: bytes) -> AttachmentType | None:
    """The allowed type the first bytes of a file show (its magic number), or None."""
    kind = filetype.guess(head)
    if kind is None or kind.mime not in AttachmentType.values:
        return None
    return AttachmentType(kind.mime)


def pdf_has_end_marker(tail: bytes) -> bool:
    """A complete PDF ends with %%EOF (allowing trailing whitespace and junk of a few bytes)."""
    return b"%%EOF" in tail[-1024:]


def name_claims_other_type(name: str, actual: AttachmentType) -> AttachmentType | None:
    """The allowed type the name's extension claims, when it is not the type of the content."""
    _stem, dot, extension = name.lower().rpartition(".")
    claimed = _NAME_EXTENSIONS.get(f".{extension}") if dot else None
    return claimed if claimed is not None and claimed != actual else None


def name_with_extension(name: str, actual: AttachmentType) -> str:
    """Gives a name without a known extension the one that matches its content."""
    _stem, dot, extension = name.lower().rpartition(".")
    if dot and f".{extension}" in _NAME_EXTENSIONS:
        return name
    return name + EXTENSIONS[actual]
