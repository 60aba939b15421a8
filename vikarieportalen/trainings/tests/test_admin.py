"""Editors build courses in Wagtail's admin: areas as check boxes, a quiz, and its rules checked."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from vikarieportalen.accounts.services import role_groups_sync
from vikarieportalen.core.roles import Role
from vikarieportalen.intranet.models import HomePage
from vikarieportalen.testing import client_for
from vikarieportalen.trainings.models import CoursePage, TrainingIndexPage
from vikarieportalen.trainings.tests.factories import training_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor() -> Client:
    role_groups_sync()  # editors' page permissions
    client = client_for(Role.EDITOR)
    client.cookies["vp_language"] = "en"
    return client


def _question(text: str, answers: list[tuple[str, bool]], *, several: bool = False) -> dict[str, Any]:
    return {
        "question": text,
        "several_right": "on" if several else "",
        "choices": streamfield(
            [("choice", {"text": a, "correct": "on" if right else ""}) for a, right in answers]
        ),
    }


def _course_post(*, questions: list[dict[str, Any]], pass_mark: str = "", **extra: Any) -> dict[str, Any]:
    data = nested_form_data(
        {
            "title": "Basala hygienrutiner i vård och omsorg",
            "slug": "basala-hygienrutiner",
            "intro": rich_text("<p>Smitta sprids med händerna.</p>"),
            "estimated_minutes": "25",
            "completions_valid_from": "",
            "sections": streamfield(
                [("text", {"heading": "Handhygien", "body": rich_text("<p>Spritta händerna.</p>")})]
            ),
            "quiz_pass_mark": pass_mark,
            "quiz_questions": inline_formset(questions),
            "page_owner": "",
            "review_by": "",
            "action-publish": "action-publish",
            **extra,
        }
    )
    data["required_for_areas"] = ["elderly_care", "home_care"]
    return data


def _add_url(parent_id: int) -> str:
    return f"/cms/pages/add/trainings/coursepage/{parent_id}/"


def test_an_editor_can_add_the_training_index_below_the_start_page(editor: Client) -> None:
    home = HomePage.objects.get(locale__language_code="sv")
    response = editor.get(f"/cms/pages/add/trainings/trainingindexpage/{home.pk}/")
    assert response.status_code == 200


def test_an_editor_publishes_a_course_with_a_quiz(editor: Client) -> None:
    index = training_index()
    assert editor.get(_add_url(index.pk)).status_code == 200
    data = _course_post(
        questions=[
            _question("Före vårdmoment?", [("Ja", True), ("Nej", False)]),
            _question(
                "Skyddskläder när?",
                [("Stänk", True), ("Nära kontakt", True), ("Aldrig", False)],
                several=True,
            ),
        ],
        pass_mark="2",
    )
    response = editor.post(_add_url(index.pk), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    course = CoursePage.objects.get(slug="basala-hygienrutiner")
    assert course.live
    assert course.required_for_areas == ["elderly_care", "home_care"]
    assert course.quiz_pass_mark == 2
    questions = list(course.quiz_questions.all())
    assert [q.question for q in questions] == ["Före vårdmoment?", "Skyddskläder när?"]
    assert [c.value["correct"] for c in questions[1].choices] == [True, True, False]
    assert all(c.id for q in questions for c in q.choices)  # answers have stable ids


def test_a_pass_mark_above_the_number_of_questions_is_refused(editor: Client) -> None:
    index = training_index()
    data = _course_post(
        questions=[_question("Före vårdmoment?", [("Ja", True), ("Nej", False)])], pass_mark="3"
    )
    response = editor.post(_add_url(index.pk), data)
    assert response.status_code == 200
    assert "The quiz has 1 questions: the pass mark cannot be higher." in response.text
    assert not CoursePage.objects.filter(slug="basala-hygienrutiner").exists()


def test_a_question_needs_a_right_answer(editor: Client) -> None:
    index = training_index()
    data = _course_post(questions=[_question("Före vårdmoment?", [("Ja", False), ("Nej", False)])])
    response = editor.post(_add_url(index.pk), data)
    assert response.status_code == 200
    assert "Mark at least one answer as right." in response.text
    assert not CoursePage.objects.filter(slug="basala-hygienrutiner").exists()


def test_one_right_answer_unless_several_are_allowed(editor: Client) -> None:
    index = training_index()
    data = _course_post(questions=[_question("Före vårdmoment?", [("Ja", True), ("Alltid", True)])])
    response = editor.post(_add_url(index.pk), data)
    assert response.status_code == 200
    assert "Only one answer may be right" in response.text
    assert not CoursePage.objects.filter(slug="basala-hygienrutiner").exists()


def test_an_unknown_area_is_refused(editor: Client) -> None:
    index = training_index()
    data = _course_post(questions=[])
    data["required_for_areas"] = ["space_travel"]
    response = editor.post(_add_url(index.pk), data)
    assert response.status_code == 200
    assert not CoursePage.objects.filter(slug="basala-hygienrutiner").exists()


def test_courses_go_only_below_the_training_index() -> None:
    assert CoursePage.allowed_parent_page_models() == [TrainingIndexPage]
    assert TrainingIndexPage.allowed_parent_page_models() == [HomePage]


def test_administrators_list_completions_read_only() -> None:
    from vikarieportalen.trainings.tests.factories import CourseCompletionFactory

    CourseCompletionFactory(course__title="Brandskydd och utrymning")
    admin = client_for(Role.ADMINISTRATOR)
    response = admin.get("/admin/trainings/coursecompletion/")
    assert response.status_code == 200
    assert "Brandskydd och utrymning" in response.text
    assert admin.get("/admin/trainings/coursecompletion/add/").status_code == 403
