"""The demo trainings: six Swedish courses, some completions, and a second run that changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from wagtail.models import Page, Revision

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.demo.trainings import demo_trainings_load
from vikarieportalen.staffing.models import AreaOfWork
from vikarieportalen.trainings import selectors
from vikarieportalen.trainings.models import CourseCompletion, CoursePage, QuizQuestion, TrainingIndexPage
from vikarieportalen.trainings.tests.factories import substitute_in

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


def _snapshot() -> dict[str, list[tuple[object, ...]]]:
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list("pk", "path", "title", "live", "latest_revision_id")
        ),
        "revisions": list(Revision.objects.order_by("pk").values_list("pk")),
        "questions": list(QuizQuestion.objects.order_by("pk").values_list("pk", "question", "page_id")),
        "completions": list(
            CourseCompletion.objects.order_by("pk").values_list("pk", "user_id", "course_id", "completed_at")
        ),
    }


def test_demo_courses_completions_and_idempotence() -> None:
    sara = substitute_in(AreaOfWork.ELDERLY_CARE, AreaOfWork.HOME_CARE, username="JOSA9804")
    for n in range(12):
        substitute_in(
            AreaOfWork.PRESCHOOL if n % 3 else AreaOfWork.HOME_CARE, employee_number=f"V{10100 + n}"
        )
    SubstituteFactory()  # no workplaces yet: nothing required

    created: dict[str, int] = {}
    demo_trainings_load(
        count=lambda what, new: created.__setitem__(what, created.get(what, 0) + int(new)), today=TODAY
    )

    index = TrainingIndexPage.objects.get()
    assert index.live and index.title == "Introduktionsutbildningar"
    courses = list(CoursePage.objects.child_of(index).live().order_by("path"))
    assert [course.title for course in courses] == [
        "Introduktion för timvikarier i Kristinehamns kommun",
        "Basala hygienrutiner i vård och omsorg",
        "Brandskydd och utrymning",
        "Dokumentation och sekretess",
        "Introduktion förskola",
        "Läkemedelshantering – delegering",
    ]
    hygiene = courses[1]
    assert hygiene.quiz_questions.count() == 5 and hygiene.quiz_pass_mark == 4
    for question in QuizQuestion.objects.all():
        question.full_clean()  # one right answer, or several where allowed

    assert [course.title for course in selectors.course_list_remaining(user=sara)] == [
        "Basala hygienrutiner i vård och omsorg",
        "Dokumentation och sekretess",
        "Läkemedelshantering – delegering",
    ]
    assert {c.course_title for c in CourseCompletion.objects.filter(user=sara)} == {
        "Introduktion för timvikarier i Kristinehamns kommun",
        "Brandskydd och utrymning",
    }
    assert CourseCompletion.objects.exclude(user=sara).exists()
    assert all(c.completed_at.date() < TODAY for c in CourseCompletion.objects.all())
    assert created["pages"] == 7 and created["documents"] == 1

    before = _snapshot()
    again: dict[str, int] = {}
    demo_trainings_load(
        count=lambda what, new: again.__setitem__(what, again.get(what, 0) + int(new)), today=TODAY
    )
    assert _snapshot() == before
    assert sum(again.values()) == 0
