"""Pure rules of the trainings: grading a quiz, which courses a substitute must take, what still counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from vikarieportalen.core.time import STOCKHOLM


@dataclass(frozen=True)
class QuestionKey:
    """What grading needs of one question: its id, the ids of its answers and the right ones."""

    question_id: int
    choice_ids: frozenset[str]
    right: frozenset[str]


@dataclass(frozen=True)
class QuizResult:
    correct: int
    total: int
    needed: int
    wrong_question_ids: tuple[int, ...]

    @property
    def passed(self) -> bool:
        return self.correct >= self.needed


def quiz_pass_mark(*, pass_mark: int | None, question_count: int) -> int:
    """Right answers needed to pass: the editor's mark, never more than the questions (empty: all)."""
    if pass_mark is None:
        return question_count
    return min(pass_mark, question_count)


def quiz_grade(
    *, questions: Iterable[QuestionKey], answers: Mapping[int, Collection[str]], pass_mark: int | None
) -> QuizResult:
    """A question is right when exactly its right answers were chosen; unanswered ones are wrong."""
    questions = list(questions)
    wrong = tuple(
        question.question_id
        for question in questions
        if frozenset(answers.get(question.question_id, ())) != question.right
    )
    total = len(questions)
    return QuizResult(
        correct=total - len(wrong),
        total=total,
        needed=quiz_pass_mark(pass_mark=pass_mark, question_count=total),
        wrong_question_ids=wrong,
    )


def course_is_required(*, required_for_areas: Collection[str], substitute_areas: Collection[str]) -> bool:
    return not set(required_for_areas).isdisjoint(substitute_areas)


def completion_counts(
    *, completed_at: dt.datetime, valid_from: dt.date | None, tz: ZoneInfo = STOCKHOLM
) -> bool:
    """A completion counts unless the course was marked for redoing after it (a date, local time)."""
    if valid_from is None:
        return True
    return completed_at >= dt.datetime.combine(valid_from, dt.time.min, tzinfo=tz)
