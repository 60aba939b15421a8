"""Courses with sections and quizzes, substitutes working in given areas, and completions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import factory
from django.utils import timezone
from django.utils.text import slugify

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.intranet.models import HomePage
from vikarieportalen.staffing.models import Introduction
from vikarieportalen.staffing.tests.factories import WorkplaceFactory
from vikarieportalen.trainings.blocks import quiz_choices
from vikarieportalen.trainings.models import CourseCompletion, CoursePage, QuizQuestion, TrainingIndexPage

INDEX_SLUG = "introduktionsutbildningar"


def training_index() -> TrainingIndexPage:
    """The published "Introduktionsutbildningar" page below the start page (made once)."""
    existing = TrainingIndexPage.objects.filter(slug=INDEX_SLUG).first()
    if existing is not None:
        return existing
    index = TrainingIndexPage(
        title="Introduktionsutbildningar",
        slug=INDEX_SLUG,
        intro="<p>Utbildningar för dig som är ny timvikarie.</p>",
    )
    HomePage.objects.get(locale__language_code="sv").add_child(instance=index)
    index.save_revision().publish()
    return index


@dataclass(frozen=True)
class Q:
    """A quiz question for CoursePageFactory: answers as (text, right) pairs; ids ``<key>-1``, ``<key>-2``…"""

    key: str
    text: str
    answers: Sequence[tuple[str, bool]]
    several_right: bool = False

    def choice_id(self, number: int) -> str:
        return f"{self.key}-{number}"

    def right_ids(self) -> list[str]:
        return [self.choice_id(n) for n, (_text, right) in enumerate(self.answers, 1) if right]

    def wrong_id(self) -> str:
        return next(self.choice_id(n) for n, (_text, right) in enumerate(self.answers, 1) if not right)


HAND_HYGIENE = Q(
    "hands",
    "När ska du desinfektera händerna?",
    [("Före och efter varje vårdmoment", True), ("Bara när de ser smutsiga ut", False)],
)
JEWELLERY = Q(
    "jewellery",
    "Vad gäller för smycken i vård och omsorg?",
    [("Ringar och klocka är okej", False), ("Inga ringar, armband eller klocka", True)],
)
PROTECTION = Q(
    "protection",
    "När använder du engångsförkläde?",
    [
        ("Vid nära kontakt med den enskilde", True),
        ("När det finns risk för stänk", True),
        ("Aldrig i hemtjänsten", False),
    ],
    several_right=True,
)


def _sections() -> list[dict[str, Any]]:
    return [
        {
            "type": "text",
            "value": {"heading": "Om kursen", "body": "<p>Det här behöver du kunna före första passet.</p>"},
            "id": "section-text",
        },
        {
            "type": "video",
            "value": {
                "title": "Så går ett pass till",
                "url": "https://video.example.se/pass",
                "description": "En film på fyra minuter.",
            },
            "id": "section-video",
        },
    ]


class CoursePageFactory(factory.Factory):
    """A published course below the index: ``CoursePageFactory(required_for_areas=[...], questions=[Q…])``."""

    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Kurs nummer {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    intro = "<p>En kort introduktion.</p>"
    estimated_minutes = 20
    required_for_areas = factory.LazyFunction(list)
    sections = factory.LazyFunction(_sections)
    quiz_pass_mark = None
    completions_valid_from = None

    @classmethod
    def _create(cls, model_class: type[CoursePage], *args: Any, **kwargs: Any) -> CoursePage:
        questions: Sequence[Q] = kwargs.pop("questions", ())
        live: bool = kwargs.pop("live", True)
        page = model_class(*args, **kwargs)
        page.quiz_questions = [
            QuizQuestion(
                question=q.text,
                several_right=q.several_right,
                sort_order=i,
                choices=quiz_choices(q.answers, ids=[q.choice_id(n) for n in range(1, len(q.answers) + 1)]),
            )
            for i, q in enumerate(questions)
        ]
        training_index().add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        else:
            page.unpublish()
        page.refresh_from_db()
        return page


def question_ids(course: CoursePage) -> list[int]:
    return list(course.quiz_questions.order_by("sort_order").values_list("pk", flat=True))


def right_answers(course: CoursePage, questions: Sequence[Q]) -> dict[str, Any]:
    """POST data answering every question right."""
    data: dict[str, Any] = {}
    for pk, q in zip(question_ids(course), questions, strict=True):
        data[f"question_{pk}"] = q.right_ids() if q.several_right else q.right_ids()[0]
    return data


def substitute_in(*areas: str, **fields: Any) -> User:
    """A substitute introduced at one workplace in each of ``areas``."""
    user: User = SubstituteFactory(**fields)
    for area in areas:
        workplace = WorkplaceFactory(name=f"Arbetsplats inom {area}", area=area)
        Introduction.objects.create(substitute=user, workplace=workplace, introduced_on=dt.date(2026, 1, 15))
    return user


class CourseCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseCompletion

    user = factory.SubFactory(SubstituteFactory)
    course = factory.SubFactory(CoursePageFactory)
    course_title = factory.LazyAttribute(lambda o: o.course.title)
    completed_at = factory.LazyFunction(timezone.now)
    correct_answers = None
    question_count = None
