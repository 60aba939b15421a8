"""The quiz a substitute answers, and the staffing centre's report filter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.models import AreaOfWork
from vikarieportalen.trainings.models import CoursePage, QuizQuestion
from vikarieportalen.trainings.selectors import ReportStatus

QUIZ_ERRORS = {
    "required": _("Answer this question."),
    "invalid_choice": _("That answer is not one of this question's answers. Choose again."),
    "invalid_list": _("That answer is not one of this question's answers. Choose again."),
}


def question_field_name(question: QuizQuestion) -> str:
    return f"question_{question.pk}"


class QuizForm(forms.Form):
    """One field per question; the values are the answers' block ids, never whether they are right."""

    def __init__(self, *args: Any, questions: Sequence[QuizQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            choices = [(str(choice.id), choice.value["text"]) for choice in question.choices]
            field: forms.Field
            if question.several_right:
                field = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple, error_messages=QUIZ_ERRORS
                )
            else:
                field = forms.ChoiceField(
                    choices=choices, widget=forms.RadioSelect, error_messages=QUIZ_ERRORS
                )
            field.label = question.question
            self.fields[question_field_name(question)] = field

    def answers(self) -> dict[int, frozenset[str]]:
        """Question id → chosen answer ids (call after is_valid)."""
        answers: dict[int, frozenset[str]] = {}
        for question in self.questions:
            value = self.cleaned_data.get(question_field_name(question))
            if value:
                answers[question.pk] = frozenset([value] if isinstance(value, str) else value)
        return answers

    def question_rows(
        self, *, wrong: Sequence[int] = ()
    ) -> list[tuple[int, QuizQuestion, forms.BoundField, bool]]:
        """(number, question, bound field, was wrong) for the template, in the editors' order."""
        return [
            (number, question, self[question_field_name(question)], question.pk in wrong)
            for number, question in enumerate(self.questions, 1)
        ]


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        choices=[
            (ReportStatus.COMPLETED.value, _("Completed courses")),
            (ReportStatus.MISSING.value, _("Required courses not completed")),
        ],
        required=False,
    )
    course = forms.TypedChoiceField(label=_("Course"), coerce=int, required=False, empty_value=None)
    area = forms.ChoiceField(
        label=_("Area of work"), choices=[("", _("All areas")), *AreaOfWork.choices], required=False
    )
    q = forms.CharField(
        label=_("Substitute"),
        max_length=100,
        required=False,
        help_text=_("Name or username, or part of it."),
    )

    def __init__(self, *args: Any, courses: Sequence[CoursePage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        course_field = cast("forms.TypedChoiceField", self.fields["course"])
        course_field.choices = [("", _("All courses")), *((course.pk, course.title) for course in courses)]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for selectors.completion_report_rows (the defaults if the form is invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": ReportStatus(data["status"] or ReportStatus.COMPLETED),
            "course_id": data["course"],
            "area": data["area"],
            "query": data["q"].strip(),
        }
