"""Which courses a substitute has left, their overview, and the staffing centre's report rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.models import AreaOfWork, Introduction
from vikarieportalen.staffing.selectors import substitute_areas
from vikarieportalen.staffing.tests.factories import WorkplaceFactory
from vikarieportalen.testing import user_with_role
from vikarieportalen.trainings import selectors
from vikarieportalen.trainings.selectors import ReportStatus
from vikarieportalen.trainings.tests.factories import (
    CourseCompletionFactory,
    CoursePageFactory,
    substitute_in,
)

pytestmark = pytest.mark.django_db

ELDERLY, HOME, PRESCHOOL = AreaOfWork.ELDERLY_CARE, AreaOfWork.HOME_CARE, AreaOfWork.PRESCHOOL
ALL_AREAS = list(AreaOfWork.values)


def _titles(courses: list) -> list[str]:
    return [course.title for course in courses]


def test_remaining_courses_are_the_required_ones_for_the_substitutes_areas_not_completed() -> None:
    intro = CoursePageFactory(title="Introduktion", required_for_areas=ALL_AREAS)
    CoursePageFactory(title="Basala hygienrutiner", required_for_areas=[ELDERLY, HOME])
    CoursePageFactory(title="Introduktion förskola", required_for_areas=[PRESCHOOL])
    CoursePageFactory(title="Frivillig kurs", required_for_areas=[])
    substitute = substitute_in(HOME)
    CourseCompletionFactory(user=substitute, course=intro)

    assert _titles(selectors.course_list_remaining(user=substitute)) == ["Basala hygienrutiner"]


def test_remaining_courses_are_in_the_editors_order() -> None:
    CoursePageFactory(title="Första", required_for_areas=[HOME])
    CoursePageFactory(title="Andra", required_for_areas=[HOME])
    assert _titles(selectors.course_list_remaining(user=substitute_in(HOME))) == ["Första", "Andra"]


def test_unpublished_courses_are_never_remaining() -> None:
    CoursePageFactory(title="Utkast", required_for_areas=[HOME], live=False)
    assert selectors.course_list_remaining(user=substitute_in(HOME)) == []


def test_a_substitute_without_areas_has_nothing_required() -> None:
    CoursePageFactory(required_for_areas=ALL_AREAS)
    assert selectors.course_list_remaining(user=SubstituteFactory()) == []


def test_workplaces_no_longer_active_do_not_make_a_course_required() -> None:
    CoursePageFactory(required_for_areas=[PRESCHOOL])
    substitute = SubstituteFactory()
    closed = WorkplaceFactory(name="Förskolan Stängd", area=PRESCHOOL, is_active=False)
    Introduction.objects.create(substitute=substitute, workplace=closed, introduced_on=dt.date(2025, 1, 1))
    assert selectors.course_list_remaining(user=substitute) == []


def test_staff_have_no_remaining_courses() -> None:
    CoursePageFactory(required_for_areas=ALL_AREAS)
    assert selectors.course_list_remaining(user=StaffingCentreFactory()) == []
    assert selectors.course_list_remaining(user=user_with_role(Role.ADMINISTRATOR)) == []


def test_a_completion_before_the_redo_date_leaves_the_course_remaining() -> None:
    course = CoursePageFactory(
        title="Brandskydd", required_for_areas=[HOME], completions_valid_from=dt.date(2026, 2, 1)
    )
    substitute = substitute_in(HOME)
    CourseCompletionFactory(
        user=substitute, course=course, completed_at=dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
    )
    assert _titles(selectors.course_list_remaining(user=substitute)) == ["Brandskydd"]
    [item] = selectors.course_overview(user=substitute).remaining_items
    assert item.must_redo


def test_remaining_courses_take_a_fixed_number_of_queries() -> None:
    substitute = substitute_in(HOME, ELDERLY)
    CoursePageFactory(required_for_areas=[HOME])
    selectors.course_list_remaining(user=substitute)  # the user's roles are read once, then kept
    with CaptureQueriesContext(connection) as few:
        selectors.course_list_remaining(user=substitute)
    for n in range(5):
        course = CoursePageFactory(required_for_areas=[HOME, ELDERLY])
        if n % 2:
            CourseCompletionFactory(user=substitute, course=course)
    WorkplaceFactory(name="Extra", area=PRESCHOOL)
    with CaptureQueriesContext(connection) as many:
        selectors.course_list_remaining(user=substitute)
    assert len(many) == len(few)


def test_overview_splits_remaining_completed_newest_first_and_optional() -> None:
    first = CoursePageFactory(title="Introduktion", required_for_areas=ALL_AREAS)
    second = CoursePageFactory(title="Brandskydd", required_for_areas=ALL_AREAS)
    CoursePageFactory(title="Hygien", required_for_areas=[HOME])
    CoursePageFactory(title="Förskola", required_for_areas=[PRESCHOOL])
    substitute = substitute_in(HOME)
    now = timezone.now()
    CourseCompletionFactory(user=substitute, course=first, completed_at=now - dt.timedelta(days=3))
    CourseCompletionFactory(user=substitute, course=second, completed_at=now - dt.timedelta(days=1))

    overview = selectors.course_overview(user=substitute)
    assert _titles(overview.remaining) == ["Hygien"]
    assert [status.course.title for status in overview.completed] == ["Brandskydd", "Introduktion"]
    assert [status.course.title for status in overview.optional] == ["Förskola"]
    assert overview.remaining_minutes == 20


def test_the_bulk_area_rule_agrees_with_staffing_substitute_areas() -> None:
    people = [substitute_in(HOME), substitute_in(ELDERLY, PRESCHOOL), SubstituteFactory()]
    closed = WorkplaceFactory(name="Nedlagd", area=AreaOfWork.SCHOOL, is_active=False)
    Introduction.objects.create(substitute=people[2], workplace=closed, introduced_on=dt.date(2025, 1, 1))
    bulk = selectors.substitute_areas_by_id(user_ids=[person.pk for person in people])
    for person in people:
        assert bulk.get(person.pk, set()) == substitute_areas(user=person)


class TestReport:
    def test_completed_rows_newest_first_with_filters(self) -> None:
        intro = CoursePageFactory(title="Introduktion", required_for_areas=ALL_AREAS)
        hygiene = CoursePageFactory(title="Hygien", required_for_areas=[HOME])
        anna = substitute_in(HOME, preferred_given_name="Anna", family_name="Berg")
        omar = substitute_in(PRESCHOOL, preferred_given_name="Omar", family_name="Ali")
        now = timezone.now()
        CourseCompletionFactory(user=anna, course=intro, completed_at=now - dt.timedelta(days=2))
        CourseCompletionFactory(user=anna, course=hygiene, completed_at=now - dt.timedelta(days=1))
        CourseCompletionFactory(user=omar, course=intro, completed_at=now)

        def rows(**filters: object) -> list[tuple[str, str]]:
            found = selectors.completion_report_rows(**filters)  # type: ignore[arg-type]
            return [(row.substitute.preferred_given_name, row.course_title) for row in found[0 : len(found)]]

        assert rows() == [("Omar", "Introduktion"), ("Anna", "Hygien"), ("Anna", "Introduktion")]
        assert rows(course_id=intro.pk) == [("Omar", "Introduktion"), ("Anna", "Introduktion")]
        assert rows(area=PRESCHOOL) == [("Omar", "Introduktion")]
        assert rows(query="berg") == [("Anna", "Hygien"), ("Anna", "Introduktion")]
        assert rows(query="anna berg", course_id=hygiene.pk) == [("Anna", "Hygien")]

    def test_missing_rows_are_required_courses_not_completed(self) -> None:
        intro = CoursePageFactory(title="Introduktion", required_for_areas=ALL_AREAS)
        CoursePageFactory(title="Hygien", required_for_areas=[HOME])
        anna = substitute_in(HOME, preferred_given_name="Anna", family_name="Berg")
        substitute_in(PRESCHOOL, preferred_given_name="Omar", family_name="Ali")
        CourseCompletionFactory(user=anna, course=intro)

        found = selectors.completion_report_rows(status=ReportStatus.MISSING)
        assert [(row.substitute.preferred_given_name, row.course_title) for row in found] == [
            ("Omar", "Introduktion"),
            ("Anna", "Hygien"),
        ]
        assert all(row.completion is None for row in found)

    def test_staff_and_inactive_substitutes_are_not_in_the_report(self) -> None:
        CoursePageFactory(required_for_areas=ALL_AREAS)
        substitute_in(HOME, is_active=False)
        StaffingCentreFactory()
        assert list(selectors.completion_report_rows(status=ReportStatus.MISSING)) == []

    def test_a_deleted_course_keeps_its_completions_with_the_title(self) -> None:
        course = CoursePageFactory(title="Gammal kurs")
        completion = CourseCompletionFactory(user=substitute_in(HOME), course=course)
        course.delete()
        completion.refresh_from_db()
        assert completion.course is None
        [row] = list(selectors.completion_report_rows())
        assert (row.course, row.course_title) == (None, "Gammal kurs")

    def test_course_summary_counts(self) -> None:
        intro = CoursePageFactory(title="Introduktion", required_for_areas=ALL_AREAS)
        CoursePageFactory(title="Hygien", required_for_areas=[HOME])
        anna = substitute_in(HOME)
        substitute_in(PRESCHOOL)
        CourseCompletionFactory(user=anna, course=intro)
        summary = {
            s.course.title: (s.completed, s.required_of, s.missing) for s in selectors.course_summary_list()
        }
        assert summary == {"Introduktion": (1, 2, 1), "Hygien": (0, 1, 1)}
