"""Reads of the trainings: what a substitute has left, their overview, and the staffing centre's report.

Every function here runs a fixed number of queries, however many courses, people and completions
there are: courses are few and filtered in Python, people and completions are fetched in bulk.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, overload

from django.conf import settings
from django.db.models import F, QuerySet
from wagtail.coreutils import get_supported_content_language_variant

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.selectors import substitute_areas, user_name_match
from vikarieportalen.trainings import rules
from vikarieportalen.trainings.models import CourseCompletion, CoursePage, QuizQuestion

if TYPE_CHECKING:
    from vikarieportalen.trainings.models import TrainingIndexPage


def user_is_substitute(user: Any) -> bool:
    """A member of the substitutes' group: administrators (superusers) are not counted as one."""
    return bool(getattr(user, "is_authenticated", False)) and Role.SUBSTITUTE in user.roles()


def _counts(completion: CourseCompletion, course: CoursePage) -> bool:
    return rules.completion_counts(
        completed_at=completion.completed_at,
        valid_from=course.completions_valid_from,
    )


def _default_language() -> str:
    language: str = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return language


def course_list_live() -> list[CoursePage]:
    """Published courses in the editors' order (the page tree's order), in the default language.

    A course's translations (English pages) are the same course: completions are kept against the
    default-language page and matched to its translations by ``translation_key``.
    """
    return list(CoursePage.objects.live().filter(locale__language_code=_default_language()).order_by("path"))


MAX_ID = 2**63 - 1  # ids past a 64-bit integer are unknown, not a database error (SQLite raises)


def course_get_live(*, course_id: int) -> CoursePage | None:
    if not 0 < course_id <= MAX_ID:
        return None
    course: CoursePage | None = CoursePage.objects.live().filter(pk=course_id).first()
    return course


def course_canonical(*, course: CoursePage) -> CoursePage:
    """The default-language version of ``course`` (the course itself when there is no other)."""
    canonical = (
        CoursePage.objects.filter(
            translation_key=course.translation_key, locale__language_code=_default_language()
        )
        .exclude(pk=course.pk)
        .first()
    )
    return canonical or course


def _completions_by_course(*, user: User) -> dict[uuid.UUID, CourseCompletion]:
    """The user's completions by their course's ``translation_key`` (the same in every language)."""
    return {
        completion.course_key: completion
        for completion in CourseCompletion.objects.filter(user=user, course__isnull=False).annotate(
            course_key=F("course__translation_key")
        )
    }


def course_list_remaining(
    *, user: User, areas: set[str] | None = None, courses: list[CoursePage] | None = None
) -> list[CoursePage]:
    """The live courses required in the substitute's areas that they have not completed (or must redo).

    Used by the start page's personal panel. Empty for anyone who is not a substitute. ``areas``
    and ``courses``: the substitute's areas (``substitute_areas``) and the live courses
    (``course_list_live``) when the caller has them already.
    """
    if not user_is_substitute(user):
        return []
    return course_overview(user=user, areas=areas, courses=courses).remaining


@dataclass(frozen=True)
class CourseWithStatus:
    course: CoursePage
    required: bool
    completion: CourseCompletion | None = None
    must_redo: bool = False  # completed, but before the course was marked for redoing

    @property
    def done(self) -> bool:
        return self.completion is not None and not self.must_redo


@dataclass(frozen=True)
class CourseOverview:
    """A substitute's courses: required ones left, completed ones (newest first), and the rest."""

    remaining: list[CoursePage] = field(default_factory=list)
    remaining_items: list[CourseWithStatus] = field(default_factory=list)
    completed: list[CourseWithStatus] = field(default_factory=list)
    optional: list[CourseWithStatus] = field(default_factory=list)

    @property
    def remaining_minutes(self) -> int:
        return sum(course.estimated_minutes for course in self.remaining)


def _statuses(
    *, courses: Iterable[CoursePage], areas: set[str], completions: dict[uuid.UUID, CourseCompletion]
) -> list[CourseWithStatus]:
    statuses = []
    for course in courses:
        completion = completions.get(course.translation_key)
        statuses.append(
            CourseWithStatus(
                course=course,
                required=rules.course_is_required(
                    required_for_areas=course.required_for_areas, substitute_areas=areas
                ),
                completion=completion,
                must_redo=completion is not None and not _counts(completion, course),
            )
        )
    return statuses


def course_overview(
    *, user: User, areas: set[str] | None = None, courses: list[CoursePage] | None = None
) -> CourseOverview:
    """The substitute's own overview ("Mina utbildningar"); ``areas`` and ``courses`` as for
    course_list_remaining."""
    if not user_is_substitute(user):
        return CourseOverview()
    statuses = _statuses(
        courses=course_list_live() if courses is None else courses,
        areas=substitute_areas(user=user) if areas is None else areas,
        completions=_completions_by_course(user=user),
    )
    remaining = [status for status in statuses if status.required and not status.done]
    completed = sorted(
        (status for status in statuses if status.done and status.completion is not None),
        key=lambda status: status.completion.completed_at,  # type: ignore[union-attr]
        reverse=True,
    )
    return CourseOverview(
        remaining=[status.course for status in remaining],
        remaining_items=remaining,
        completed=completed,
        optional=[status for status in statuses if not status.required and not status.done],
    )


def course_list_for_reader(*, index: TrainingIndexPage, user: Any) -> list[CourseWithStatus]:
    """The index page's courses, each with the reader's status (a substitute's; empty for others)."""
    courses = list(CoursePage.objects.child_of(index).live().order_by("path"))
    if not user_is_substitute(user):
        return [CourseWithStatus(course=course, required=False) for course in courses]
    return _statuses(
        courses=courses, areas=substitute_areas(user=user), completions=_completions_by_course(user=user)
    )


@dataclass(frozen=True)
class CoursePageState:
    questions: list[QuizQuestion]
    is_substitute: bool
    status: CourseWithStatus | None  # the substitute's status, None for everyone else


def course_page_state(*, course: CoursePage, user: Any) -> CoursePageState:
    questions = list(course.quiz_questions.all())
    if not user_is_substitute(user):
        return CoursePageState(questions=questions, is_substitute=False, status=None)
    completion = CourseCompletion.objects.filter(
        user=user, course__translation_key=course.translation_key
    ).first()
    [status] = _statuses(
        courses=[course],
        areas=substitute_areas(user=user),
        completions={course.translation_key: completion} if completion else {},
    )
    return CoursePageState(questions=questions, is_substitute=True, status=status)


# ---------------------------------------------------------------------------------------------
# The staffing centre's report


class ReportStatus(StrEnum):
    COMPLETED = "completed"
    MISSING = "missing"


@dataclass(frozen=True)
class ReportRow:
    substitute: User
    course_title: str
    course: CoursePage | None
    completion: CourseCompletion | None
    must_redo: bool = False


@dataclass(frozen=True)
class CourseSummary:
    course: CoursePage
    completed: int
    required_of: int  # substitutes in the course's areas
    missing: int  # of those, how many have not completed it (or must redo it)


def _substitutes() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.SUBSTITUTE.value, is_active=True).order_by(
        "family_name", "preferred_given_name", "pk"
    )


def substitute_areas_by_id(*, user_ids: Iterable[int] | None = None) -> dict[int, set[str]]:
    """Every substitute's areas in one query: the rule of ``staffing.selectors.substitute_areas``.

    Introductions at active workplaces; tested against that function so the two cannot drift.
    """
    from vikarieportalen.staffing.models import Introduction

    rows = Introduction.objects.filter(workplace__is_active=True)
    if user_ids is not None:
        rows = rows.filter(substitute_id__in=list(user_ids))
    areas: dict[int, set[str]] = defaultdict(set)
    for substitute_id, area in rows.values_list("substitute_id", "workplace__area"):
        areas[substitute_id].add(area)
    return areas


def _substitute_ids_in_area(area: str) -> QuerySet[Any]:
    """A subquery: substitutes introduced at an active workplace in ``area`` (the same rule)."""
    from vikarieportalen.staffing.models import Introduction

    return Introduction.objects.filter(workplace__is_active=True, workplace__area=area).values(
        "substitute_id"
    )


def _search(users: QuerySet[User], query: str) -> QuerySet[User]:
    for word in query.split():
        users = users.filter(user_name_match(word))
    return users


class CompletionRows:
    """Completions as report rows, built a page at a time: the paginator slices the query."""

    def __init__(self, completions: QuerySet[CourseCompletion], courses: dict[int, CoursePage]) -> None:
        self._completions = completions
        self._courses = courses

    def count(self) -> int:
        return self._completions.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[ReportRow]:
        for completion in self._completions.iterator(chunk_size=500):
            yield self._row(completion)

    def _row(self, completion: CourseCompletion) -> ReportRow:
        course = self._courses.get(completion.course_id) if completion.course_id else None
        return ReportRow(
            substitute=completion.user,
            course_title=course.title if course else completion.course_title,
            course=course,
            completion=completion,
            must_redo=course is not None and not _counts(completion, course),
        )

    @overload
    def __getitem__(self, index: int) -> ReportRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[ReportRow]: ...
    def __getitem__(self, index: int | slice) -> ReportRow | list[ReportRow]:
        if isinstance(index, slice):
            return [self._row(completion) for completion in self._completions[index]]
        return self._row(self._completions[index])


def _missing_rows(
    substitutes: QuerySet[User], courses: dict[int, CoursePage], *, course_id: int | None
) -> list[ReportRow]:
    """Each required course each substitute has not completed, or must redo: three queries."""
    people = list(substitutes.distinct())
    areas = substitute_areas_by_id(user_ids=[person.pk for person in people])
    done: dict[tuple[int, int], CourseCompletion] = {
        (completion.user_id, completion.course_id): completion
        for completion in CourseCompletion.objects.filter(
            user__in=[person.pk for person in people], course_id__in=list(courses)
        )
        if completion.course_id is not None
    }
    rows = []
    for person in people:
        for course in courses.values():
            if course_id is not None and course.pk != course_id:
                continue
            if not rules.course_is_required(
                required_for_areas=course.required_for_areas, substitute_areas=areas.get(person.pk, set())
            ):
                continue
            completion = done.get((person.pk, course.pk))
            if completion is not None and _counts(completion, course):
                continue
            rows.append(
                ReportRow(
                    substitute=person,
                    course_title=course.title,
                    course=course,
                    completion=completion,
                    must_redo=completion is not None,
                )
            )
    return rows


def completion_report_rows(
    *,
    status: ReportStatus = ReportStatus.COMPLETED,
    course_id: int | None = None,
    area: str = "",
    query: str = "",
) -> CompletionRows | list[ReportRow]:
    """Rows for the staffing centre: completions, or required courses not completed, filtered.

    ``area``: substitutes working in that area; ``query``: words of a name or username.
    Completions come as a lazily sliced sequence; the missing ones are worked out in Python from
    four queries (substitutes, their areas, courses, completions).
    """
    courses = {course.pk: course for course in course_list_live()}
    substitutes = _substitutes()
    if query.strip():
        substitutes = _search(substitutes, query)
    if area:
        substitutes = substitutes.filter(pk__in=_substitute_ids_in_area(area))

    if status == ReportStatus.COMPLETED:
        completions = (
            CourseCompletion.objects.filter(user__in=substitutes.values("pk"))
            .select_related("user")
            .order_by("-completed_at", "-pk")
        )
        if course_id is not None:
            completions = completions.filter(course_id=course_id)
        return CompletionRows(completions, courses)

    return _missing_rows(substitutes, courses, course_id=course_id)


def course_summary_list() -> list[CourseSummary]:
    """Per live course: current completions, substitutes it is required of, and how many lack it."""
    courses = course_list_live()
    substitute_ids = set(_substitutes().values_list("pk", flat=True))
    areas = substitute_areas_by_id(user_ids=substitute_ids)
    completions_by_course: dict[int, list[CourseCompletion]] = defaultdict(list)
    for completion in CourseCompletion.objects.filter(
        course_id__in=[course.pk for course in courses], user_id__in=substitute_ids
    ).only("user_id", "course_id", "completed_at"):
        if completion.course_id is not None:
            completions_by_course[completion.course_id].append(completion)
    summaries = []
    for course in courses:
        current = {
            completion.user_id
            for completion in completions_by_course[course.pk]
            if _counts(completion, course)
        }
        required_of = {
            user_id
            for user_id in substitute_ids
            if rules.course_is_required(
                required_for_areas=course.required_for_areas, substitute_areas=areas.get(user_id, set())
            )
        }
        summaries.append(
            CourseSummary(
                course=course,
                completed=len(current),
                required_of=len(required_of),
                missing=len(required_of - current),
            )
        )
    return summaries
