"""Introduction trainings: courses as Wagtail pages, with an optional quiz, and who completed them.

Page models hold content structure only; reading and grading live in selectors.py and rules.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from vikarieportalen.core.pages import StewardedPage
from vikarieportalen.staffing.models import AreaOfWork
from vikarieportalen.trainings.blocks import CourseSectionsBlock, QuizChoicesBlock

if TYPE_CHECKING:
    from vikarieportalen.trainings.forms import QuizForm
    from vikarieportalen.trainings.rules import QuizResult

MAX_MINUTES = 600


# mypy's Django plugin cannot follow Page's manager past the abstract mixin (intranet pages too).
class TrainingIndexPage(StewardedPage, Page):  # type: ignore[django-manager-missing]
    """ "Introduktionsutbildningar": the list of courses."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [*Page.settings_panels, *StewardedPage.stewardship_panels]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["intranet.HomePage"]
    subpage_types = ["trainings.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("training index page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from vikarieportalen.trainings import selectors

        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["courses"] = selectors.course_list_for_reader(index=self, user=request.user)
        context["is_substitute"] = selectors.user_is_substitute(request.user)
        return context


class CoursePageForm(WagtailAdminPageForm):
    """The editor's form: areas as check boxes, and a pass mark no higher than the questions."""

    required_for_areas = forms.MultipleChoiceField(
        label=_("required for"),
        choices=AreaOfWork.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Substitutes who work in these areas must complete the course."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        pass_mark = cleaned.get("quiz_pass_mark")
        questions = self.formsets.get("quiz_questions")
        if pass_mark and questions is not None and questions.is_valid():
            kept = [f for f in questions.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            if pass_mark > len(kept):
                self.add_error(
                    "quiz_pass_mark",
                    _("The quiz has %(count)d questions: the pass mark cannot be higher.")
                    % {"count": len(kept)},
                )
        return cleaned


class CoursePage(StewardedPage, Page):  # type: ignore[django-manager-missing]
    """One course: sections to read, watch and download, and an optional quiz at the end."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    sections = StreamField(CourseSectionsBlock(), verbose_name=_("sections"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)],
        help_text=_("About how long the course takes, in minutes."),
    )
    # Area values (staffing.AreaOfWork); a handful of courses are filtered in Python, so the query
    # count stays the same on SQLite and PostgreSQL (see selectors.course_list_remaining).
    required_for_areas = models.JSONField(_("required for"), default=list, blank=True)
    quiz_pass_mark = models.PositiveSmallIntegerField(
        _("pass mark"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many questions must be answered right to pass. Empty: all of them."),
    )
    completions_valid_from = models.DateField(
        _("completions count from"),
        null=True,
        blank=True,
        help_text=_(
            "When the course has changed so much that everyone must take it again: completions "
            "before this date no longer count."
        ),
    )

    base_form_class = CoursePageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("estimated_minutes"),
                FieldPanel("required_for_areas"),
                FieldPanel("completions_valid_from"),
            ],
            heading=_("Who and how long"),
        ),
        FieldPanel("sections"),
        MultiFieldPanel(
            [FieldPanel("quiz_pass_mark"), InlinePanel("quiz_questions", label=_("Questions"))],
            heading=_("Quiz (optional)"),
        ),
    ]
    settings_panels = [*Page.settings_panels, *StewardedPage.stewardship_panels]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("sections")]
    parent_page_types = ["trainings.TrainingIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimated_minutes__gte=1, estimated_minutes__lte=MAX_MINUTES),
                name="trainings_course_minutes_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(quiz_pass_mark__isnull=True) | models.Q(quiz_pass_mark__gte=1),
                name="trainings_course_pass_mark_positive",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        unknown = set(self.required_for_areas or []) - set(AreaOfWork.values)
        if not isinstance(self.required_for_areas, list) or unknown:
            raise ValidationError({"required_for_areas": _("Choose among the areas of work.")})

    def get_context(
        self,
        request: HttpRequest,
        *args: Any,
        quiz_form: QuizForm | None = None,
        quiz_result: QuizResult | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """The reader's status and the quiz; a failed attempt passes its bound form and result."""
        from vikarieportalen.trainings import selectors
        from vikarieportalen.trainings.forms import QuizForm

        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        state = selectors.course_page_state(course=self, user=request.user)
        form = quiz_form if quiz_form is not None else QuizForm(questions=state.questions)
        wrong = quiz_result.wrong_question_ids if quiz_result is not None else ()
        context.update(
            {
                "is_substitute": state.is_substitute,
                "course_status": state.status,
                "quiz_form": form,
                "quiz_result": quiz_result,
                "quiz_rows": form.question_rows(wrong=wrong),
            }
        )
        return context

    @property
    def required_for_everyone(self) -> bool:
        return set(AreaOfWork.values) <= set(self.required_for_areas)

    @property
    def required_for_area_labels(self) -> list[str]:
        labels = dict(AreaOfWork.choices)
        return [str(labels[area]) for area in AreaOfWork.values if area in self.required_for_areas]


class QuizQuestion(Orderable):
    """A question of a course's quiz; its answers are blocks, so each keeps a stable id."""

    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.CharField(_("question"), max_length=500)
    several_right = models.BooleanField(
        _("several answers are right"),
        default=False,
        help_text=_("The substitute ticks every right answer. Otherwise exactly one answer is right."),
    )
    choices = StreamField(QuizChoicesBlock(), verbose_name=_("answers"))

    panels = [FieldPanel("question"), FieldPanel("several_right"), FieldPanel("choices")]

    class Meta(Orderable.Meta):
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def __str__(self) -> str:
        return self.question

    def clean(self) -> None:
        super().clean()
        right = sum(1 for choice in self.choices if choice.value["correct"])
        if right == 0:
            raise ValidationError({"choices": _("Mark at least one answer as right.")})
        if right > 1 and not self.several_right:
            raise ValidationError(
                {"choices": _("Only one answer may be right, or tick “several answers are right”.")}
            )


class CourseCompletion(models.Model):
    """A substitute completed a course (and passed its quiz, if it has one). One row per person and course.

    If the course page is deleted the row stays, with the course's title, so nothing is lost.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="course_completions",
    )
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="completions",
    )
    course_title = models.CharField(_("course title"), max_length=255)
    completed_at = models.DateTimeField(_("completed"), db_index=True)
    correct_answers = models.PositiveSmallIntegerField(_("right answers"), null=True, blank=True)
    question_count = models.PositiveSmallIntegerField(_("questions"), null=True, blank=True)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        ordering = ["-completed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="trainings_completion_once_per_course"),
            models.CheckConstraint(
                condition=(
                    models.Q(correct_answers__isnull=True, question_count__isnull=True)
                    | models.Q(correct_answers__lte=models.F("question_count"))
                ),
                name="trainings_completion_score_within_questions",
            ),
        ]
        indexes = [models.Index(fields=["course", "-completed_at"], name="trainings_completion_course")]

    def __str__(self) -> str:
        return f"{self.user} – {self.course_title}"
