"""Business hours, the case clock and the other pure rules: plain data, no database."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from vikarieportalen.support.choices import AttachmentType, CaseStatus
from vikarieportalen.support.rules import (
    Period,
    RatingRefusal,
    SubstituteReply,
    attachment_display_name,
    attachment_type_of,
    business_moment_after,
    business_seconds_between,
    clock_seconds,
    due_moment,
    duration_of,
    is_business_day,
    name_claims_other_type,
    name_with_extension,
    pdf_has_end_marker,
    rating_refusal,
    staff_may_set_status,
    substitute_reply_effect,
)
from vikarieportalen.support.tests.factories import PDF_BYTES, image_bytes

SE = ZoneInfo("Europe/Stockholm")
HOUR = 3600


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SE)


# Business days ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "open_"),
    [
        (dt.date(2026, 6, 17), True),  # an ordinary Wednesday
        (dt.date(2026, 6, 20), False),  # Saturday (midsummer day)
        (dt.date(2026, 6, 19), False),  # midsummer eve, a Friday
        (dt.date(2026, 12, 24), False),  # Christmas eve, a Thursday
        (dt.date(2026, 12, 31), False),  # New Year's eve, a Thursday
        (dt.date(2027, 1, 1), False),  # New Year's day
        (dt.date(2026, 1, 6), False),  # Epiphany
        (dt.date(2026, 4, 3), False),  # Good Friday
        (dt.date(2026, 4, 6), False),  # Easter Monday
        (dt.date(2026, 5, 1), False),  # May Day
        (dt.date(2026, 5, 14), False),  # Ascension day
        (dt.date(2025, 6, 6), False),  # National day on a Friday
        (dt.date(2026, 12, 23), True),  # the day before Christmas eve is a working day
        (dt.date(2026, 4, 30), True),  # Walpurgis eve is a working day
    ],
)
def test_business_days_follow_the_swedish_calendar(day: dt.date, open_: bool) -> None:
    assert is_business_day(day) is open_


# Business time between two moments ----------------------------------------------------------


def test_time_within_one_working_day_counts_fully() -> None:
    assert business_seconds_between(at(2026, 6, 17, 9), at(2026, 6, 17, 11, 30)) == int(2.5 * HOUR)


def test_time_outside_08_to_16_does_not_count() -> None:
    assert business_seconds_between(at(2026, 6, 17, 5), at(2026, 6, 17, 20)) == 8 * HOUR
    assert business_seconds_between(at(2026, 6, 17, 16), at(2026, 6, 18, 8)) == 0


def test_a_weekend_does_not_count() -> None:
    # Friday 15:00 to Monday 09:00: one hour on Friday, one on Monday.
    assert business_seconds_between(at(2026, 6, 12, 15), at(2026, 6, 15, 9)) == 2 * HOUR


def test_midsummer_weekend_is_closed_from_thursday_evening_to_monday() -> None:
    assert business_seconds_between(at(2026, 6, 18, 15), at(2026, 6, 22, 9)) == 2 * HOUR


def test_christmas_and_new_year_are_closed() -> None:
    # Wed 23 Dec 15:00 → Mon 28 Dec 9:00: 24, 25 (and the weekend) are off.
    assert business_seconds_between(at(2026, 12, 23, 15), at(2026, 12, 28, 9)) == 2 * HOUR
    # Wed 30 Dec 15:00 → Mon 4 Jan 9:00: 31 Dec and 1 Jan are off.
    assert business_seconds_between(at(2026, 12, 30, 15), at(2027, 1, 4, 9)) == 2 * HOUR


def test_reversed_or_empty_interval_is_zero() -> None:
    assert business_seconds_between(at(2026, 6, 17, 12), at(2026, 6, 17, 10)) == 0
    assert business_seconds_between(at(2026, 6, 17, 12), at(2026, 6, 17, 12)) == 0


def test_moments_in_utc_count_in_swedish_local_time() -> None:
    start = dt.datetime(2026, 6, 17, 6, 0, tzinfo=dt.UTC)  # 08:00 in Stockholm (CEST)
    end = dt.datetime(2026, 6, 17, 14, 0, tzinfo=dt.UTC)  # 16:00
    assert business_seconds_between(start, end) == 8 * HOUR


def test_naive_moments_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        business_seconds_between(dt.datetime(2026, 6, 17, 9), at(2026, 6, 17, 10))  # noqa: DTZ001


# Daylight saving ------------------------------------------------------------------------------


def test_spring_forward_weekend_counts_the_same_working_hours() -> None:
    # Clocks go forward Sunday 29 March 2026; Friday 15:00 → Monday 09:00 is still 2 working hours,
    # though 65 wall hours and only 64 real hours passed.
    start, end = at(2026, 3, 27, 15), at(2026, 3, 30, 9)
    assert end - start == dt.timedelta(hours=66)  # aware arithmetic in one zone: wall time
    assert business_seconds_between(start, end) == 2 * HOUR


def test_autumn_back_weekend_counts_the_same_working_hours() -> None:
    assert business_seconds_between(at(2026, 10, 23, 15), at(2026, 10, 26, 9)) == 2 * HOUR


def test_working_day_after_the_change_is_eight_real_hours() -> None:
    start = dt.datetime(2026, 3, 30, 6, 0, tzinfo=dt.UTC)  # Monday 08:00 CEST
    assert business_seconds_between(start, start + dt.timedelta(hours=8)) == 8 * HOUR
    assert business_moment_after(at(2026, 3, 27, 12), 8 * HOUR) == at(2026, 3, 30, 12)


# Adding business time ------------------------------------------------------------------------


def test_adding_business_hours_skips_nights_weekends_and_holidays() -> None:
    assert business_moment_after(at(2026, 6, 17, 9), 2 * HOUR) == at(2026, 6, 17, 11)
    assert business_moment_after(at(2026, 6, 17, 15), 2 * HOUR) == at(2026, 6, 18, 9)
    # Thursday 14:00 + 16 h: 2 h on Thursday, midsummer Friday and the weekend off, Mon 8 h, Tue 6 h.
    assert business_moment_after(at(2026, 6, 18, 14), 16 * HOUR) == at(2026, 6, 23, 14)


def test_adding_from_outside_hours_starts_at_the_next_opening() -> None:
    assert business_moment_after(at(2026, 6, 13, 22), HOUR) == at(2026, 6, 15, 9)  # Saturday night
    assert business_moment_after(at(2026, 6, 17, 6), 0) == at(2026, 6, 17, 6)


def test_adding_exactly_to_closing_time_ends_at_closing_time() -> None:
    assert business_moment_after(at(2026, 6, 17, 8), 8 * HOUR) == at(2026, 6, 17, 16)


# The case clock ------------------------------------------------------------------------------

NEW, WORKING, WAITING, SOLVED = CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.WAITING, CaseStatus.SOLVED


def test_clock_runs_while_new_or_in_progress_and_pauses_while_waiting() -> None:
    periods = [
        Period(NEW, at(2026, 6, 15, 9), at(2026, 6, 15, 10)),  # 1 h
        Period(WORKING, at(2026, 6, 15, 10), at(2026, 6, 15, 11)),  # 1 h
        Period(WAITING, at(2026, 6, 15, 11), at(2026, 6, 17, 11)),  # two days paused
        Period(WORKING, at(2026, 6, 17, 11)),  # running since
    ]
    assert clock_seconds(periods, now=at(2026, 6, 17, 12, 30)) == int(3.5 * HOUR)


def test_due_time_moves_on_by_the_paused_time() -> None:
    due = 16 * HOUR
    opened = [Period(NEW, at(2026, 6, 15, 9))]
    assert due_moment(opened, due_seconds=due) == at(2026, 6, 17, 9)
    paused = [Period(NEW, at(2026, 6, 15, 9), at(2026, 6, 15, 13)), Period(WAITING, at(2026, 6, 15, 13))]
    assert due_moment(paused, due_seconds=due) is None
    resumed = [
        *paused[:-1],
        Period(WAITING, at(2026, 6, 15, 13), at(2026, 6, 16, 13)),
        Period(WORKING, at(2026, 6, 16, 13)),
    ]
    # 4 h used before the pause; 12 h left from Tuesday 13:00 → Thursday 9:00.
    assert due_moment(resumed, due_seconds=due) == at(2026, 6, 18, 9)


def test_a_late_case_keeps_its_due_time_in_the_past() -> None:
    periods = [
        Period(NEW, at(2026, 6, 1, 8), at(2026, 6, 5, 8)),  # 32 working hours
        Period(WAITING, at(2026, 6, 5, 8), at(2026, 6, 8, 8)),
        Period(WORKING, at(2026, 6, 8, 8)),
    ]
    assert due_moment(periods, due_seconds=16 * HOUR) == at(2026, 6, 2, 16)  # Monday 8:00 + 16 h


def test_solved_case_has_no_due_time() -> None:
    assert (
        due_moment(
            [Period(NEW, at(2026, 6, 15, 9), at(2026, 6, 15, 10)), Period(SOLVED, at(2026, 6, 15, 10))],
            due_seconds=HOUR,
        )
        is None
    )
    assert due_moment([], due_seconds=HOUR) is None


def test_duration_is_hours_and_minutes() -> None:
    assert duration_of(int(3.5 * HOUR) + 59) == duration_of(int(3.5 * HOUR))
    assert (duration_of(int(3.5 * HOUR)).hours, duration_of(int(3.5 * HOUR)).minutes) == (3, 30)
    assert duration_of(-5).hours == 0


# Statuses, reopening, rating -----------------------------------------------------------------


def test_closed_is_final_and_solved_may_be_reopened_by_staff() -> None:
    assert not any(staff_may_set_status(CaseStatus.CLOSED, status) for status in CaseStatus)
    assert staff_may_set_status(CaseStatus.SOLVED, CaseStatus.IN_PROGRESS)
    assert not staff_may_set_status(CaseStatus.SOLVED, CaseStatus.WAITING)
    assert not staff_may_set_status(CaseStatus.NEW, CaseStatus.NEW)


def test_substitute_reply_reopens_within_the_window_only() -> None:
    solved = at(2026, 6, 1, 10)
    effect = substitute_reply_effect
    assert (
        effect(status=SOLVED, solved_at=solved, now=at(2026, 6, 15, 10), reopen_days=14)
        == SubstituteReply.REOPENS
    )
    assert (
        effect(status=SOLVED, solved_at=solved, now=at(2026, 6, 15, 11), reopen_days=14)
        == SubstituteReply.TOO_LATE
    )
    assert (
        effect(status=CaseStatus.CLOSED, solved_at=solved, now=solved, reopen_days=14)
        == SubstituteReply.CLOSED
    )
    assert effect(status=WAITING, solved_at=None, now=solved, reopen_days=14) == SubstituteReply.RESUMES
    assert effect(status=WORKING, solved_at=None, now=solved, reopen_days=14) == SubstituteReply.ADDS


def test_rating_needs_a_solved_case_and_happens_once() -> None:
    solved = at(2026, 6, 1)
    assert rating_refusal(status=SOLVED, solved_at=solved, already_rated=False) is None
    assert rating_refusal(status=CaseStatus.CLOSED, solved_at=solved, already_rated=False) is None
    assert rating_refusal(status=WORKING, solved_at=None, already_rated=False) == RatingRefusal.NOT_SOLVED
    assert (
        rating_refusal(status=CaseStatus.CLOSED, solved_at=None, already_rated=False)
        == RatingRefusal.NOT_SOLVED
    )
    assert rating_refusal(status=SOLVED, solved_at=solved, already_rated=True) == RatingRefusal.ALREADY_RATED


# Attachments ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("lön maj.pdf", "lön maj.pdf"),
        ("C:\\Users\\sara\\Desktop\\lön.pdf", "lön.pdf"),
        ("../../etc/passwd", "passwd"),
        ("/var/www/../secret.png", "secret.png"),
        ("..", "bilaga"),
        ("", "bilaga"),
        ("  .hidden.pdf ", "hidden.pdf"),
        ("a\x00b<script>.pdf", "abscript.pdf"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_display_names_lose_folders_and_unsafe_characters(raw: str, shown: str) -> None:
    assert attachment_display_name(raw) == shown


def test_types_are_told_by_content() -> None:
    assert attachment_type_of(PDF_BYTES) == AttachmentType.PDF
    assert attachment_type_of(image_bytes("PNG")) == AttachmentType.PNG
    assert attachment_type_of(image_bytes("JPEG")) == AttachmentType.JPEG
    assert attachment_type_of(b"<html><script>alert(1)</script></html>") is None
    assert attachment_type_of(b"MZ\x90\x00 an executable") is None
    assert attachment_type_of(image_bytes("GIF")) is None


def test_a_pdf_without_its_end_marker_is_incomplete() -> None:
    assert pdf_has_end_marker(PDF_BYTES)
    assert not pdf_has_end_marker(b"%PDF-1.7\nthis is not really a pdf")


def test_a_name_claiming_another_allowed_type_is_noticed() -> None:
    assert name_claims_other_type("lön.pdf", AttachmentType.PNG) == AttachmentType.PDF
    assert name_claims_other_type("lön.PDF", AttachmentType.PDF) is None
    assert name_claims_other_type("bild.jpeg", AttachmentType.JPEG) is None
    assert name_claims_other_type("utan-ändelse", AttachmentType.PNG) is None
    assert name_with_extension("utan-ändelse", AttachmentType.PNG) == "utan-ändelse.png"
    assert name_with_extension("lön.pdf", AttachmentType.PDF) == "lön.pdf"
