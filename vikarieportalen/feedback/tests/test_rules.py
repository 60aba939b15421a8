"""Pure rules and the comment token: no database."""

from __future__ import annotations

import pytest
from django.core import signing

from vikarieportalen.feedback.rules import (
    COMMENT_MAX_LENGTH,
    comment_normalise,
    vote_parse,
)
from vikarieportalen.feedback.tokens import (
    SALT,
    TOKEN_MAX_AGE_SECONDS,
    comment_token_make,
    comment_token_read,
)


@pytest.mark.parametrize(("value", "parsed"), [("yes", True), ("no", False)])
def test_yes_and_no_are_the_only_votes(value: str, parsed: bool) -> None:
    assert vote_parse(value) is parsed


@pytest.mark.parametrize("value", ["", "Yes", "ja", "1", "true", "yes ", "<script>"])
def test_anything_else_is_no_vote(value: str) -> None:
    assert vote_parse(value) is None


def test_line_breaks_count_as_one_character() -> None:
    typed = "Rad ett\r\nRad två\rRad tre\n"
    assert comment_normalise(typed) == "Rad ett\nRad två\nRad tre"


def test_a_full_box_with_line_breaks_fits_after_normalising() -> None:
    # What a browser sends for a textarea filled to maxlength with 99 line breaks.
    lines = ["x" * 9] * 100
    sent = "\r\n".join(lines)
    assert len(sent) > COMMENT_MAX_LENGTH
    assert len(comment_normalise(sent)) <= COMMENT_MAX_LENGTH


def test_blank_comment_is_empty() -> None:
    assert comment_normalise("  \r\n\t ") == ""


def test_token_round_trip() -> None:
    assert comment_token_read(comment_token_make(feedback_id=12, page_id=3)) == (12, 3)


def test_tampered_token_is_refused() -> None:
    token = comment_token_make(feedback_id=12, page_id=3)
    assert comment_token_read(token[:-2] + "xx") is None
    assert comment_token_read(signing.dumps([13, 3], salt="another-salt")) is None


@pytest.mark.parametrize("value", [[1], [1, 2, 3], ["1", 2], [True, 2], {"a": 1}, "text", None])
def test_token_with_the_wrong_shape_is_refused(value: object) -> None:
    assert comment_token_read(signing.dumps(value, salt=SALT)) is None


@pytest.mark.parametrize("token", ["", "x", "a" * 500, "WzEsMl0:1:abc"])
def test_garbage_token_is_refused(token: str) -> None:
    assert comment_token_read(token) is None


def test_token_expires(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    token = comment_token_make(feedback_id=1, page_id=2)
    time_machine.shift(TOKEN_MAX_AGE_SECONDS - 1)
    assert comment_token_read(token) == (1, 2)
    time_machine.shift(2)
    assert comment_token_read(token) is None
