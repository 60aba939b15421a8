"""Writes of the trainings: a substitute completes a course."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.roles import Role
from vikarieportalen.trainings import rules
from vikarieportalen.trainings.models import CourseCompletion, CoursePage
from vikarieportalen.trainings.selectors import course_canonical


class CompletionRefused(Refused):
    """Only substitutes complete courses, and only published ones."""


class CompletionOutcome(StrEnum):
    COMPLETED = "completed"
    REDONE = "redone"  # an earlier completion no longer counted and was renewed
    ALREADY_COMPLETED = "already_completed"
    QUIZ_FAILED = "quiz_failed"


@dataclass(frozen=True)
class CompletionAttempt:
    outcome: CompletionOutcome
    completion: CourseCompletion | None
    result: rules.QuizResult | None  # None when the course has no quiz or was already complete


def _question_keys(course: CoursePage) -> list[rules.QuestionKey]:
    keys = []
    for question in course.quiz_questions.all():
        choice_ids = frozenset(str(choice.id) for choice in question.choices)
        right = frozenset(str(choice.id) for choice in question.choices if choice.value["correct"])
        keys.append(rules.QuestionKey(question_id=question.pk, choice_ids=choice_ids, right=right))
    return keys


@transaction.atomic
def course_complete(
    *, user: User, course: CoursePage, answers: Mapping[int, Collection[str]]
) -> CompletionAttempt:
    """Record that ``user`` completed ``course``, if they pass its quiz (when it has one).

    Completing again is harmless: a completion that still counts is left as it is. A failed quiz
    records nothing. ``answers``: question id → the ids of the chosen answers.
    """
    if Role.SUBSTITUTE not in user.roles():
        raise CompletionRefused("only substitutes complete courses")
    if not course.live:
        raise CompletionRefused("the course is not published")
    answered = course  # the quiz is graded as shown (a translation has its own questions) …
    course = course_canonical(course=course)  # … and recorded against the default-language course

    existing = CourseCompletion.objects.select_for_update().filter(user=user, course=course).first()
    if existing is not None and rules.completion_counts(
        completed_at=existing.completed_at, valid_from=course.completions_valid_from
    ):
        return CompletionAttempt(CompletionOutcome.ALREADY_COMPLETED, existing, None)

    questions = _question_keys(answered)
    result = (
        rules.quiz_grade(questions=questions, answers=answers, pass_mark=answered.quiz_pass_mark)
        if questions
        else None
    )
    if result is not None and not result.passed:
        return CompletionAttempt(CompletionOutcome.QUIZ_FAILED, None, result)

    values = {
        "completed_at": timezone.now(),
        "course_title": course.title,
        "correct_answers": result.correct if result else None,
        "question_count": result.total if result else None,
    }
    if existing is not None:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save(update_fields=list(values))
        return CompletionAttempt(CompletionOutcome.REDONE, existing, result)
    try:
        with transaction.atomic():
            completion = CourseCompletion.objects.create(user=user, course=course, **values)
    except IntegrityError:
        # The same person's second click won the race: their completion is there.
        completion = CourseCompletion.objects.get(user=user, course=course)
        return CompletionAttempt(CompletionOutcome.ALREADY_COMPLETED, completion, None)
    return CompletionAttempt(CompletionOutcome.COMPLETED, completion, result)
