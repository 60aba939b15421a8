"""The building blocks of a course: its sections, and the choices of a quiz question."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class TextSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=200)
    body = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("Text section")
        template = "trainings/blocks/text_section.html"


class VideoSectionBlock(blocks.StructBlock):
    """A link to a film; shown as a link, so the page never loads a third-party player."""

    title = blocks.CharBlock(label=_("title"), max_length=200)
    url = blocks.URLBlock(label=_("address of the film"))
    description = blocks.TextBlock(label=_("description"), required=False, max_length=1000)

    class Meta:
        icon = "media"
        label = _("Video link")
        template = "trainings/blocks/video_section.html"


class DocumentSectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("title"), max_length=200, required=False, help_text=_("Empty: the document's own title.")
    )
    document = DocumentChooserBlock(label=_("document"))
    description = blocks.TextBlock(label=_("description"), required=False, max_length=1000)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Document")
        template = "trainings/blocks/document_section.html"


class CourseSectionsBlock(blocks.StreamBlock):
    text = TextSectionBlock()
    video = VideoSectionBlock()
    document = DocumentSectionBlock()


class QuizChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"), max_length=300)
    correct = blocks.BooleanBlock(label=_("right answer"), required=False)

    class Meta:
        icon = "tick"
        label = _("Answer")


class QuizChoicesBlock(blocks.StreamBlock):
    choice = QuizChoiceBlock()

    class Meta:
        min_num = 2
        max_num = 8


def quiz_choices(
    answers: Iterable[tuple[str, bool]], *, ids: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """A question's answers, (text, right) pairs, as raw QuizChoicesBlock data. ``ids``, one per
    answer, fix the choices' ids; without them Wagtail makes new ones when the page is saved."""
    choices: list[dict[str, Any]] = [
        {"type": "choice", "value": {"text": text, "correct": right}} for text, right in answers
    ]
    if ids is not None:
        for choice, choice_id in zip(choices, ids, strict=True):
            choice["id"] = choice_id
    return choices
