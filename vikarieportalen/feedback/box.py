"""What the feedback box at the foot of a page shows: the question, the comment step, or thanks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from django.http import HttpRequest
from wagtail.models import Page

from vikarieportalen.core.access import may_read_intranet
from vikarieportalen.feedback.rules import COMMENT_MAX_LENGTH
from vikarieportalen.feedback.tokens import comment_token_read

# The query parameter the page gets after a vote without JavaScript: a comment token, or DONE.
STATE_PARAMETER = "sidrespons"
DONE = "tack"

State = Literal["ask", "comment", "done"]


@dataclass(frozen=True)
class FeedbackBox:
    page_id: int
    state: State
    token: str = ""
    comment: str = ""  # the visitor's text, shown again after an error
    comment_errors: list[str] = field(default_factory=list)
    message: str = ""  # why the last post was refused, for the whole box
    max_length: int = COMMENT_MAX_LENGTH


def feedback_box_for_page(*, page: object, request: HttpRequest | None) -> FeedbackBox | None:
    """The box for a page being shown, or None where it does not belong (not a live page, preview,
    or a visitor who may not send it: the pages open to all, such as the legal ones, seen from
    outside the municipal network without a login)."""
    if request is None or not isinstance(page, Page) or not page.pk or not page.live:
        return None
    if getattr(request, "is_preview", False) or not may_read_intranet(request):
        return None
    value = request.GET.get(STATE_PARAMETER, "")
    if value == DONE:
        return FeedbackBox(page_id=page.pk, state="done")
    ids = comment_token_read(value) if value else None
    if ids is not None and ids[1] == page.pk:
        return FeedbackBox(page_id=page.pk, state="comment", token=value)
    return FeedbackBox(page_id=page.pk, state="ask")
