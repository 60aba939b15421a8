"""Completing a course: the quiz decides, nothing is recorded twice, staff are refused."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory
from vikarieportalen.core.roles import Role
from vikarieportalen.testing import user_with_role
from vikarieportalen.trainings.models import CourseCompletion
from vikarieportalen.trainings.services import CompletionOutcome, CompletionRefused, course_complete
from vikarieportalen.trainings.tests.factories import (
    HAND_HYGIENE,
    JEWELLERY,
    PROTECTION,
    CourseCompletionFactory,
    CoursePageFactory,
    question_ids,
    substitute_in,
)

pytestmark = pytest.mark.django_db

QUIZ = [HAND_HYGIENE, JEWELLERY, PROTECTION]


def _answers(course, *, wrong: tuple[int, ...] = ()) -> dict[int, set[str]]:  # type: ignore[no-untyped-def]
    answers = {}
    for index, (pk, q) in enumerate(zip(question_ids(course), QUIZ, strict=True)):
        answers[pk] = {q.wrong_id()} if index in wrong else set(q.right_ids())
    return answers


def test_a_course_without_quiz_is_completed_at_once() -> None:
    course = CoursePageFactory()
    substitute = substitute_in("home_care")
    attempt = course_complete(user=substitute, course=course, answers={})
    assert attempt.outcome == CompletionOutcome.COMPLETED
    completion = CourseCompletion.objects.get(user=substitute, course=course)
    assert (completion.correct_answers, completion.question_count, completion.course_title) == (
        None,
        None,
        course.title,
    )


def test_passing_the_quiz_records_the_score() -> None:
    course = CoursePageFactory(questions=QUIZ)
    substitute = substitute_in("home_care")
    attempt = course_complete(user=substitute, course=course, answers=_answers(course))
    assert attempt.outcome == CompletionOutcome.COMPLETED
    assert attempt.result is not None and attempt.result.passed
    completion = CourseCompletion.objects.get()
    assert (completion.correct_answers, completion.question_count) == (3, 3)


def test_a_failed_quiz_records_nothing_and_names_the_wrong_questions() -> None:
    course = CoursePageFactory(questions=QUIZ)
    attempt = course_complete(
        user=substitute_in("home_care"), course=course, answers=_answers(course, wrong=(1,))
    )
    assert attempt.outcome == CompletionOutcome.QUIZ_FAILED
    assert attempt.result is not None
    assert attempt.result.wrong_question_ids == (question_ids(course)[1],)
    assert not CourseCompletion.objects.exists()


def test_the_pass_mark_allows_wrong_answers_and_the_score_shows_them() -> None:
    course = CoursePageFactory(questions=QUIZ, quiz_pass_mark=2)
    course_complete(user=substitute_in("home_care"), course=course, answers=_answers(course, wrong=(0,)))
    assert CourseCompletion.objects.get().correct_answers == 2


def test_completing_twice_keeps_the_first_completion() -> None:
    course = CoursePageFactory()
    substitute = substitute_in("home_care")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)):
        first = course_complete(user=substitute, course=course, answers={})
    second = course_complete(user=substitute, course=course, answers={})
    assert second.outcome == CompletionOutcome.ALREADY_COMPLETED
    assert second.completion == first.completion
    assert CourseCompletion.objects.get().completed_at == dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_a_completion_before_the_redo_date_is_renewed_not_duplicated() -> None:
    course = CoursePageFactory(questions=QUIZ, completions_valid_from=dt.date(2026, 2, 1))
    substitute = substitute_in("home_care")
    old = CourseCompletionFactory(
        user=substitute,
        course=course,
        completed_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        correct_answers=1,
        question_count=3,
    )
    with time_machine.travel(dt.datetime(2026, 2, 10, 12, 0, tzinfo=dt.UTC)):
        failed = course_complete(user=substitute, course=course, answers=_answers(course, wrong=(2,)))
        assert failed.outcome == CompletionOutcome.QUIZ_FAILED
        attempt = course_complete(user=substitute, course=course, answers=_answers(course))
    assert attempt.outcome == CompletionOutcome.REDONE
    old.refresh_from_db()
    assert old.completed_at == dt.datetime(2026, 2, 10, 12, 0, tzinfo=dt.UTC)
    assert (old.correct_answers, CourseCompletion.objects.count()) == (3, 1)


@pytest.mark.parametrize("make_user", [StaffingCentreFactory, lambda: user_with_role(Role.ADMINISTRATOR)])
def test_staff_cannot_complete_courses(make_user) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CompletionRefused):
        course_complete(user=make_user(), course=CoursePageFactory(), answers={})
    assert not CourseCompletion.objects.exists()


def test_an_unpublished_course_cannot_be_completed() -> None:
    with pytest.raises(CompletionRefused):
        course_complete(user=substitute_in("home_care"), course=CoursePageFactory(live=False), answers={})


def test_the_database_refuses_a_second_completion_of_the_same_course() -> None:
    completion = CourseCompletionFactory()
    with pytest.raises(IntegrityError):
        CourseCompletionFactory(user=completion.user, course=completion.course)


def test_the_database_refuses_more_right_answers_than_questions() -> None:
    with pytest.raises(IntegrityError):
        CourseCompletionFactory(correct_answers=4, question_count=3)


def test_completing_a_translation_is_recorded_against_the_default_language_course() -> None:
    from wagtail.models import Locale

    from vikarieportalen.trainings.selectors import course_list_remaining

    course = CoursePageFactory(questions=[HAND_HYGIENE], required_for_areas=["home_care"])
    english = course.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    english.refresh_from_db()
    substitute = substitute_in("home_care")
    [question] = english.quiz_questions.all()
    right = [str(choice.id) for choice in question.choices if choice.value["correct"]]

    attempt = course_complete(user=substitute, course=english, answers={question.pk: set(right)})

    assert attempt.outcome == CompletionOutcome.COMPLETED
    assert CourseCompletion.objects.get().course == course
    assert course_list_remaining(user=substitute) == []
    again = course_complete(user=substitute, course=course, answers={})
    assert again.outcome == CompletionOutcome.ALREADY_COMPLETED
