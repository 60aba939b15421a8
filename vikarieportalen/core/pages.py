"""What every content page carries besides its content: who answers for it and when to review it.

Shared by the intranet, trainings and feedback (which lists pages past their review date).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class StewardedPage(models.Model):
    """Mix into every intranet page model: a responsible person and a "review by" date."""

    page_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_by = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        help_text=_("The page appears in the editors' review list after this date."),
    )

    stewardship_panels = [
        MultiFieldPanel(
            [FieldPanel("page_owner"), FieldPanel("review_by")],
            heading=_("Responsibility"),
        )
    ]

    class Meta:
        abstract = True
