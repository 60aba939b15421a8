"""Page feedback: "Did the information help you? Yes / No" and an optional comment.

Nothing here identifies the person who answered: no user, no address, and only the day (not the
time) it was given, so a row cannot be matched against web-server logs. See docs/feedback.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from vikarieportalen.feedback.rules import COMMENT_MAX_LENGTH


class PageFeedback(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="page_feedback",
    )
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX_LENGTH)
    given_on = models.DateField(_("given on"))
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["page", "given_on"], name="feedback_page_given_on")]
        constraints = [
            models.CheckConstraint(
                condition=models.lookups.LessThanOrEqual(Length("comment"), COMMENT_MAX_LENGTH),
                name="feedback_comment_max_length",
            ),
            models.CheckConstraint(
                condition=models.Q(handled_by__isnull=True) | models.Q(handled_at__isnull=False),
                name="feedback_handled_by_needs_handled_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page_id}: {'yes' if self.helpful else 'no'}"

    @property
    def is_handled(self) -> bool:
        return self.handled_at is not None
