"""Writes to page feedback: one function per action, each owning its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from vikarieportalen.feedback.models import PageFeedback

if TYPE_CHECKING:
    from wagtail.models import Page

    from vikarieportalen.accounts.models import User


@transaction.atomic
def page_feedback_create(*, page: Page, helpful: bool, comment: str = "") -> PageFeedback:
    """Record a yes/no answer. Only the day is kept, never who answered or from where."""
    return PageFeedback.objects.create(
        page=page, helpful=helpful, comment=comment, given_on=timezone.localdate()
    )


@transaction.atomic
def page_feedback_comment(*, feedback_id: int, page_id: int, comment: str) -> bool:
    """Add the comment to an answer that has none yet. False if there is no such answer or it has one.

    One UPDATE with the "no comment yet" condition: a second submit cannot overwrite the first.
    """
    updated = PageFeedback.objects.filter(pk=feedback_id, page_id=page_id, comment="").update(comment=comment)
    return updated == 1


@transaction.atomic
def page_feedback_mark_handled(*, feedback_ids: Iterable[int], by: User, handled: bool = True) -> int:
    """Mark comments handled (or not handled again). Returns how many changed."""
    rows = PageFeedback.objects.filter(pk__in=list(feedback_ids)).exclude(comment="")
    if handled:
        return rows.filter(handled_at__isnull=True).update(handled_at=timezone.now(), handled_by=by)
    return rows.filter(handled_at__isnull=False).update(handled_at=None, handled_by=None)
