"""Grading a quiz, which courses are required, and whether an old completion still counts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from vikarieportalen.trainings.rules import (
    QuestionKey,
    completion_counts,
    course_is_required,
    quiz_grade,
    quiz_pass_mark,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")

ONE = QuestionKey(question_id=1, choice_ids=frozenset({"1a", "1b"}), right=frozenset({"1a"}))
TWO = QuestionKey(question_id=2, choice_ids=frozenset({"2a", "2b", "2c"}), right=frozenset({"2a", "2c"}))
THREE = QuestionKey(question_id=3, choice_ids=frozenset({"3a", "3b"}), right=frozenset({"3b"}))
ALL_RIGHT = {1: {"1a"}, 2: {"2a", "2c"}, 3: {"3b"}}


def test_all_right_answers_pass() -> None:
    result = quiz_grade(questions=[ONE, TWO, THREE], answers=ALL_RIGHT, pass_mark=None)
    assert (result.correct, result.total, result.needed, result.passed) == (3, 3, 3, True)
    assert result.wrong_question_ids == ()


def test_one_wrong_answer_fails_when_all_must_be_right() -> None:
    result = quiz_grade(questions=[ONE, TWO, THREE], answers={**ALL_RIGHT, 3: {"3a"}}, pass_mark=None)
    assert not result.passed
    assert result.wrong_question_ids == (3,)
    assert result.correct == 2


def test_pass_mark_lets_some_wrong_answers_pass() -> None:
    answers = {**ALL_RIGHT, 3: {"3a"}}
    assert quiz_grade(questions=[ONE, TWO, THREE], answers=answers, pass_mark=2).passed
    assert not quiz_grade(questions=[ONE, TWO, THREE], answers={**answers, 1: {"1b"}}, pass_mark=2).passed


def test_several_right_answers_must_all_be_ticked_and_no_wrong_one() -> None:
    grade = lambda chosen: quiz_grade(questions=[TWO], answers={2: chosen}, pass_mark=None)  # noqa: E731
    assert grade({"2a", "2c"}).passed
    assert not grade({"2a"}).passed
    assert not grade({"2a", "2b", "2c"}).passed


def test_unanswered_and_unknown_answers_are_wrong() -> None:
    result = quiz_grade(questions=[ONE, TWO], answers={2: {"no-such-answer"}}, pass_mark=None)
    assert result.wrong_question_ids == (1, 2)


def test_answers_to_other_questions_are_ignored() -> None:
    result = quiz_grade(questions=[ONE], answers={1: {"1a"}, 99: {"1a"}}, pass_mark=None)
    assert result.passed and result.total == 1


def test_pass_mark_above_the_number_of_questions_means_all() -> None:
    assert quiz_pass_mark(pass_mark=10, question_count=3) == 3
    assert quiz_pass_mark(pass_mark=None, question_count=5) == 5
    assert quiz_pass_mark(pass_mark=4, question_count=5) == 4


@given(st.lists(st.booleans(), min_size=1, max_size=12), st.integers(min_value=1, max_value=12))
def test_pass_means_at_least_the_pass_mark_of_right_answers(rights: list[bool], mark: int) -> None:
    questions = [
        QuestionKey(question_id=i, choice_ids=frozenset({"r", "w"}), right=frozenset({"r"}))
        for i in range(len(rights))
    ]
    answers = {i: {"r" if right else "w"} for i, right in enumerate(rights)}
    result = quiz_grade(questions=questions, answers=answers, pass_mark=mark)
    assert result.correct == sum(rights)
    assert result.passed == (sum(rights) >= min(mark, len(rights)))
    assert len(result.wrong_question_ids) == len(rights) - sum(rights)


def test_a_course_is_required_when_one_of_its_areas_is_the_substitutes() -> None:
    assert course_is_required(
        required_for_areas=["elderly_care", "home_care"], substitute_areas={"home_care"}
    )
    assert not course_is_required(required_for_areas=["preschool"], substitute_areas={"home_care"})
    assert not course_is_required(required_for_areas=[], substitute_areas={"home_care"})
    assert not course_is_required(required_for_areas=["school"], substitute_areas=set())


def test_completion_counts_unless_the_course_was_marked_for_redoing_after_it() -> None:
    completed = dt.datetime(2026, 3, 1, 10, 0, tzinfo=STOCKHOLM)
    assert completion_counts(completed_at=completed, valid_from=None, tz=STOCKHOLM)
    assert completion_counts(completed_at=completed, valid_from=dt.date(2026, 3, 1), tz=STOCKHOLM)
    assert not completion_counts(completed_at=completed, valid_from=dt.date(2026, 3, 2), tz=STOCKHOLM)


def test_redo_date_starts_at_midnight_in_stockholm_not_utc() -> None:
    # 23.30 UTC on 1 March is 00.30 on 2 March in Stockholm: on the redo date, so it counts.
    completed = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    assert completion_counts(completed_at=completed, valid_from=dt.date(2026, 3, 2), tz=STOCKHOLM)
