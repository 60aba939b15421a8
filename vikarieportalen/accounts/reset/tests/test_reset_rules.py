"""The reset code: format, hashing, and when it may be tried (pure rules)."""

from __future__ import annotations

import datetime as dt

from vikarieportalen.accounts.reset.rules import (
    CODE_VALIDITY,
    MAX_TRIES,
    ResetProblem,
    reset_code_hash,
    reset_code_matches,
    reset_code_new,
    reset_code_normalize,
    reset_code_problem,
    reset_code_well_formed,
    reset_password_step_open,
)

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def test_new_codes_are_six_digits() -> None:
    codes = {reset_code_new() for _ in range(200)}
    assert all(reset_code_well_formed(code) for code in codes)
    assert len(codes) > 150  # random, not a counter


def test_spaces_and_hyphens_are_ignored_but_other_text_is_not_a_code() -> None:
    assert reset_code_normalize(" 123 456 ") == "123456"
    assert reset_code_normalize("123-456") == "123456"
    assert not reset_code_well_formed("12345")
    assert not reset_code_well_formed("1234567")
    assert not reset_code_well_formed("12a456")
    assert not reset_code_well_formed("١٢٣٤٥٦")  # Arabic-Indic digits are not ASCII digits


def test_the_hash_depends_on_the_salt_and_only_the_right_code_matches() -> None:
    hashed = reset_code_hash(salt="aa", code="123456")
    assert hashed != "123456"
    assert hashed != reset_code_hash(salt="bb", code="123456")
    assert reset_code_matches(salt="aa", code="123456", code_hash=hashed)
    assert not reset_code_matches(salt="aa", code="123457", code_hash=hashed)
    assert not reset_code_matches(salt="bb", code="123456", code_hash=hashed)


def _problem(
    *, tries: int = 0, age: dt.timedelta = dt.timedelta(0), verified: bool = False
) -> ResetProblem | None:
    created = NOW - age
    return reset_code_problem(
        expires_at=created + CODE_VALIDITY, tries=tries, verified=verified, completed=False, now=NOW
    )


def test_a_fresh_code_may_be_tried() -> None:
    assert _problem() is None
    assert _problem(age=dt.timedelta(minutes=9, seconds=59), tries=MAX_TRIES - 1) is None


def test_the_code_expires_after_ten_minutes() -> None:
    assert _problem(age=dt.timedelta(minutes=10)) == ResetProblem.EXPIRED


def test_five_tries_and_no_more() -> None:
    assert MAX_TRIES == 5
    assert _problem(tries=5) == ResetProblem.TOO_MANY_TRIES


def test_a_used_code_may_not_be_tried_again() -> None:
    assert _problem(verified=True) == ResetProblem.USED


def test_the_password_step_is_open_only_after_the_code_and_for_a_while() -> None:
    assert not reset_password_step_open(verified_at=None, completed=False, now=NOW)
    assert reset_password_step_open(verified_at=NOW - dt.timedelta(minutes=14), completed=False, now=NOW)
    assert not reset_password_step_open(verified_at=NOW - dt.timedelta(minutes=15), completed=False, now=NOW)
    assert not reset_password_step_open(verified_at=NOW, completed=True, now=NOW)
