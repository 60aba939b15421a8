import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from vikarieportalen.notifications.rules import (
    GSM_BASIC,
    GSM_EXTENSION,
    QuietHours,
    SmsEncoding,
    message_urgent,
    quiet_hours_contains,
    quiet_hours_parse,
    quiet_hours_release,
    retry_delay,
    sms_encoding,
    sms_length,
    sms_text_check,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = dt.UTC
NIGHT = QuietHours(start=dt.time(21), end=dt.time(7), zone=STOCKHOLM)


def test_swedish_letters_stay_in_gsm() -> None:
    assert sms_encoding("Hej Åsa! Passet på Örby är ditt, kl 06:30–14:00") is SmsEncoding.UCS2  # en dash
    assert sms_encoding("Hej Åsa! Passet på Örby är ditt, kl 06:30-14:00. ÅÄÖåäö") is SmsEncoding.GSM


@pytest.mark.parametrize("char", ["ç", "õ", "ł", "😀", "–", "’"])
def test_characters_outside_gsm_force_ucs2(char: str) -> None:
    assert sms_encoding(f"Hej {char}") is SmsEncoding.UCS2


@pytest.mark.parametrize(
    ("text", "segments"),
    [("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3), ("ö" * 160, 1)],
)
def test_gsm_segments_are_160_then_153(text: str, segments: int) -> None:
    assert sms_length(text).segments == segments


def test_extension_characters_count_twice() -> None:
    assert sms_length("€" * 80) == sms_length("€" * 80).__class__(SmsEncoding.GSM, 160, 1)
    assert sms_length("a" * 159 + "€").segments == 2


def test_an_escape_pair_is_not_split_between_segments() -> None:
    # 152 septets, then "€" (2) does not fit in the 153 left in part one: three parts, not two.
    assert sms_length("a" * 152 + "€" + "a" * 152).segments == 3


@pytest.mark.parametrize(("text", "segments"), [("ç" * 70, 1), ("ç" * 71, 2), ("ç" * 134, 2), ("ç" * 135, 3)])
def test_ucs2_segments_are_70_then_67(text: str, segments: int) -> None:
    assert sms_length(text).encoding is SmsEncoding.UCS2
    assert sms_length(text).segments == segments


def test_emoji_take_two_ucs2_units() -> None:
    assert sms_length("😀" * 35) == sms_length("😀" * 35).__class__(SmsEncoding.UCS2, 70, 1)
    assert sms_length("😀" * 36).segments == 2


@given(st.text(alphabet=sorted(GSM_BASIC | GSM_EXTENSION), min_size=1, max_size=800))
def test_gsm_segments_hold_all_septets(text: str) -> None:
    length = sms_length(text)
    assert length.encoding is SmsEncoding.GSM
    capacity = 160 if length.segments == 1 else 153 * length.segments
    assert length.units <= capacity
    assert length.segments == 1 or length.units > 153 * (length.segments - 1) - length.segments


def test_text_over_the_limit_is_refused_with_a_clear_message() -> None:
    assert sms_text_check("a" * 459, max_segments=3).segments == 3
    for language, words in [("en", "4 SMS parts"), ("sv", "4 sms-delar")]:
        with translation.override(language), pytest.raises(ValidationError) as caught:
            sms_text_check("a" * 460, max_segments=3)
        assert caught.value.code == "too_long"
        assert words in caught.value.messages[0]


def test_empty_text_is_refused() -> None:
    with pytest.raises(ValidationError):
        sms_text_check("  \n", max_segments=3)


def test_quiet_hours_parse() -> None:
    assert quiet_hours_parse("21:00-07:00", zone="Europe/Stockholm") == NIGHT
    assert quiet_hours_parse("off", zone="Europe/Stockholm") is None
    assert quiet_hours_parse("", zone="Europe/Stockholm") is None
    with pytest.raises(ValueError):
        quiet_hours_parse("21", zone="Europe/Stockholm")


@pytest.mark.parametrize(
    ("local", "quiet"),
    [
        ((2025, 6, 11, 20, 59), False),
        ((2025, 6, 11, 21, 0), True),
        ((2025, 6, 12, 3, 0), True),
        ((2025, 6, 12, 6, 59), True),
        ((2025, 6, 12, 7, 0), False),
        ((2025, 6, 12, 12, 0), False),
    ],
)
def test_quiet_hours_contains(local: tuple[int, ...], quiet: bool) -> None:
    assert quiet_hours_contains(dt.datetime(*local, tzinfo=STOCKHOLM), NIGHT) is quiet


def test_outside_quiet_hours_release_is_now() -> None:
    moment = dt.datetime(2025, 6, 11, 12, tzinfo=STOCKHOLM)
    assert quiet_hours_release(moment, NIGHT) == moment
    assert quiet_hours_release(moment, None) == moment


def test_evening_message_waits_until_seven_next_morning() -> None:
    released = quiet_hours_release(dt.datetime(2025, 6, 11, 22, 15, tzinfo=STOCKHOLM), NIGHT)
    assert released == dt.datetime(2025, 6, 12, 7, 0, tzinfo=STOCKHOLM)


def test_small_hours_message_waits_until_seven_same_day() -> None:
    released = quiet_hours_release(dt.datetime(2025, 6, 12, 0, 30, tzinfo=STOCKHOLM), NIGHT)
    assert released == dt.datetime(2025, 6, 12, 7, 0, tzinfo=STOCKHOLM)


def test_spring_forward_night_is_an_hour_shorter() -> None:
    # 2025-03-30 02:00 CET → 03:00 CEST. 22:00 CET = 21:00 UTC; 07:00 CEST = 05:00 UTC.
    start = dt.datetime(2025, 3, 29, 21, 0, tzinfo=UTC)
    released = quiet_hours_release(start, NIGHT)
    assert released.astimezone(UTC) == dt.datetime(2025, 3, 30, 5, 0, tzinfo=UTC)
    assert released.astimezone(STOCKHOLM).hour == 7


def test_autumn_back_night_is_an_hour_longer() -> None:
    # 2025-10-26 03:00 CEST → 02:00 CET. 22:00 CEST = 20:00 UTC; 07:00 CET = 06:00 UTC.
    start = dt.datetime(2025, 10, 25, 20, 0, tzinfo=UTC)
    released = quiet_hours_release(start, NIGHT)
    assert released.astimezone(UTC) == dt.datetime(2025, 10, 26, 6, 0, tzinfo=UTC)


def test_repeated_autumn_hour_is_quiet_both_times() -> None:
    first = dt.datetime(2025, 10, 26, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = dt.datetime(2025, 10, 26, 1, 30, tzinfo=UTC)  # 02:30 CET
    assert quiet_hours_contains(first, NIGHT)
    assert quiet_hours_contains(second, NIGHT)
    assert quiet_hours_release(first, NIGHT) == quiet_hours_release(second, NIGHT)


def test_an_end_inside_the_spring_gap_moves_forward_by_the_gap() -> None:
    quiet = QuietHours(start=dt.time(1), end=dt.time(2, 30), zone=STOCKHOLM)
    released = quiet_hours_release(dt.datetime(2025, 3, 30, 0, 15, tzinfo=UTC), quiet)  # 01:15 CET
    assert released.astimezone(STOCKHOLM) == dt.datetime(2025, 3, 30, 3, 30, tzinfo=STOCKHOLM)


def test_daytime_window_not_spanning_midnight() -> None:
    lunch = QuietHours(start=dt.time(12), end=dt.time(13), zone=STOCKHOLM)
    assert quiet_hours_contains(dt.datetime(2025, 6, 11, 12, 30, tzinfo=STOCKHOLM), lunch)
    assert not quiet_hours_contains(dt.datetime(2025, 6, 11, 13, 0, tzinfo=STOCKHOLM), lunch)
    assert quiet_hours_release(dt.datetime(2025, 6, 11, 12, 30, tzinfo=STOCKHOLM), lunch) == dt.datetime(
        2025, 6, 11, 13, tzinfo=STOCKHOLM
    )


def test_retry_delay_doubles_up_to_the_cap() -> None:
    delays = [retry_delay(attempt=n, base_seconds=30, max_seconds=600).total_seconds() for n in range(1, 8)]
    assert delays == [30, 60, 120, 240, 480, 600, 600]


# --- urgency: a message about a shift that starts soon goes even in quiet hours ---------------------

WINDOW = dt.timedelta(hours=12)


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 6, day, hour, minute, tzinfo=STOCKHOLM)


def test_a_booking_at_23_48_for_07_00_next_morning_is_urgent() -> None:
    assert message_urgent(about=_at(12, 7), now=_at(11, 23, 48), quiet=NIGHT, window=WINDOW)


def test_a_shift_starting_when_quiet_hours_end_is_urgent_even_without_a_window() -> None:
    no_window = dt.timedelta(0)
    assert message_urgent(about=_at(12, 7), now=_at(11, 23, 48), quiet=NIGHT, window=no_window)
    assert not message_urgent(about=_at(12, 7, 1), now=_at(11, 23, 48), quiet=NIGHT, window=no_window)


def test_a_shift_under_way_is_urgent() -> None:
    assert message_urgent(about=_at(11, 22), now=_at(11, 23, 48), quiet=NIGHT, window=WINDOW)
    assert message_urgent(about=_at(11, 22), now=_at(11, 23, 48), quiet=None, window=dt.timedelta(0))


def test_a_shift_eleven_days_away_waits_at_midnight() -> None:
    assert not message_urgent(about=_at(23, 7), now=_at(12, 0), quiet=NIGHT, window=WINDOW)


def test_exactly_at_the_window_is_urgent_and_a_minute_past_is_not() -> None:
    now = _at(11, 23)  # quiet until 07:00; the window reaches 11:00
    assert message_urgent(about=now + WINDOW, now=now, quiet=NIGHT, window=WINDOW)
    assert not message_urgent(
        about=now + WINDOW + dt.timedelta(minutes=1), now=now, quiet=NIGHT, window=WINDOW
    )


def test_the_window_counts_real_hours_across_the_autumn_change() -> None:
    # 26 Oct 2025: the clocks go back at 03:00, so 20:00 → 07:00 is 12 real hours, not 11.
    now = dt.datetime(2025, 10, 25, 20, 0, tzinfo=STOCKHOLM)
    shift = dt.datetime(2025, 10, 26, 7, 0, tzinfo=STOCKHOLM)
    assert message_urgent(about=shift, now=now, quiet=None, window=WINDOW)
    assert not message_urgent(about=shift + dt.timedelta(minutes=1), now=now, quiet=None, window=WINDOW)


@given(
    now=st.datetimes(
        min_value=dt.datetime(2025, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=dt.datetime(2026, 12, 31),  # noqa: DTZ001
        timezones=st.just(STOCKHOLM),
    ),
    ahead=st.integers(min_value=-24 * 60, max_value=30 * 24 * 60),
)
def test_a_message_that_is_not_urgent_still_arrives_before_the_shift(now: dt.datetime, ahead: int) -> None:
    """Whatever the hour: a message allowed to wait is sent (at the latest when quiet hours end)
    more than the window before the shift starts, so nobody learns of a shift after it began."""
    about = now + dt.timedelta(minutes=ahead)
    if not message_urgent(about=about, now=now, quiet=NIGHT, window=WINDOW):
        assert quiet_hours_release(now, NIGHT).astimezone(UTC) < about.astimezone(UTC)
        assert about.astimezone(UTC) - now.astimezone(UTC) > WINDOW
