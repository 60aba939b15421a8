"""offer_rules: reply parsing, code allocation, expiry, the rule of thumb, rounds (pure, no database)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from vikarieportalen.staffing.offers.rules import (
    Answer,
    Reply,
    Route,
    RouteSettings,
    answer_by_check,
    code_allocate,
    next_round_at,
    offer_expiry,
    offer_or_direct,
    reply_parse,
    token_make,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JA 4711", Reply(Answer.ACCEPT, "4711")),
        ("ja4711", Reply(Answer.ACCEPT, "4711")),
        ("  Ja  4711 ", Reply(Answer.ACCEPT, "4711")),
        ("Nej 4711", Reply(Answer.DECLINE, "4711")),
        ("NEJ4711", Reply(Answer.DECLINE, "4711")),
        ("yes 4711", Reply(Answer.ACCEPT, "4711")),
        ("no 4711.", Reply(Answer.DECLINE, "4711")),
        ("JA: 4711", Reply(Answer.ACCEPT, "4711")),
        ("ja\u00a04711", Reply(Answer.ACCEPT, "4711")),
        ("JA", Reply(Answer.ACCEPT, None)),
        ("Nej!", Reply(Answer.DECLINE, None)),
    ],
)
def test_replies_are_read_in_any_case_and_spacing(text: str, expected: Reply) -> None:
    assert reply_parse(text) == expected


@pytest.mark.parametrize(
    "text", ["", "hej", "kanske 4711", "JA 4711 och 4712", "4711", "ja tack 4711", "ja 123456789"]
)
def test_anything_else_is_not_a_reply(text: str) -> None:
    assert reply_parse(text) is None


def test_a_code_is_four_digits_and_not_one_already_open_for_that_number() -> None:
    sequence = iter([711, 711, 712])  # 1000 + pick: 1711 is taken, so the next pick is used
    code = code_allocate(taken={"1711"}, pick=lambda _n: next(sequence))
    assert code == "1712"
    assert all(len(code_allocate(taken=set())) == 4 for _ in range(100))


def test_a_crowded_number_still_gets_a_free_code() -> None:
    taken = {str(n) for n in range(1000, 10000)} - {"5000"}
    assert code_allocate(taken=taken, pick=lambda _n: 0) == "5000"
    full = {str(n) for n in range(1000, 10000)}
    assert len(code_allocate(taken=full, pick=lambda _n: 0)) == 5


def test_tokens_are_short_and_different() -> None:
    tokens = {token_make() for _ in range(200)}
    assert len(tokens) == 200 and all(len(token) == 12 for token in tokens)


def test_an_offer_is_open_until_the_answer_time_but_never_after_the_shift_starts() -> None:
    starts = at(3, 7)
    assert offer_expiry(shift_starts_at=starts, answer_by=None) == starts
    assert offer_expiry(shift_starts_at=starts, answer_by=at(2, 18)) == at(2, 18)
    assert offer_expiry(shift_starts_at=starts, answer_by=at(3, 9)) == starts


def test_an_answer_time_in_the_past_is_refused() -> None:
    assert answer_by_check(answer_by=at(1, 8), now=at(1, 9)) == "past"
    assert answer_by_check(answer_by=at(1, 10), now=at(1, 9)) is None
    assert answer_by_check(answer_by=None, now=at(1, 9)) is None


RULE = RouteSettings(same_day_as_offer=True, short_shift_minutes=240)


def test_same_day_shifts_go_as_offers() -> None:
    assert offer_or_direct(starts_at=at(3, 13), ends_at=at(3, 21), now=at(3, 6), settings=RULE) == Route.OFFER


def test_short_shifts_go_as_offers_and_others_are_booked_directly() -> None:
    assert (
        offer_or_direct(starts_at=at(5, 8), ends_at=at(5, 11, 59), now=at(3, 6), settings=RULE) == Route.OFFER
    )
    assert offer_or_direct(starts_at=at(5, 8), ends_at=at(5, 12), now=at(3, 6), settings=RULE) == Route.DIRECT


def test_the_rule_of_thumb_follows_the_municipalitys_settings() -> None:
    off = RouteSettings(same_day_as_offer=False, short_shift_minutes=0)
    assert offer_or_direct(starts_at=at(3, 13), ends_at=at(3, 15), now=at(3, 6), settings=off) == Route.DIRECT


def test_same_day_is_the_local_date_around_midnight() -> None:
    # 00:30 local on the 4th is 23:30 UTC on the 3rd: not the same day as 22:00 on the 3rd.
    assert (
        offer_or_direct(starts_at=at(4, 0, 30), ends_at=at(4, 8, 30), now=at(3, 22), settings=RULE)
        == Route.DIRECT
    )


def test_rounds_stop_when_the_next_would_come_after_the_shift_starts() -> None:
    assert next_round_at(last_round_at=at(3, 6), round_minutes=30, latest_start=at(3, 7)) == at(3, 6, 30)
    assert next_round_at(last_round_at=at(3, 6, 40), round_minutes=30, latest_start=at(3, 7)) is None


# --- a series offer (issue 17) -------------------------------------------------------------------


def test_an_answer_means_one_offer_or_one_series_offer() -> None:
    from vikarieportalen.staffing.offers.rules import answer_units

    assert answer_units([(1, "")]) == {"#1"}
    assert len(answer_units([(1, "abc"), (2, "abc"), (3, "abc")])) == 1  # one series: one answer
    assert len(answer_units([(1, ""), (2, "")])) == 2  # two single offers: ambiguous
    assert len(answer_units([(1, "abc"), (2, "")])) == 2
    assert len(answer_units([(1, "abc"), (2, "xyz")])) == 2
    assert answer_units([]) == set()
