"""Operational notices (*driftmeddelanden*, a snippet) shown on the start page inside their window."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField


class Notice(models.Model):
    """An operational notice (*driftmeddelande*), shown on the start page inside its window."""

    class Level(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")

    title = models.CharField(_("title"), max_length=200)
    body = RichTextField(_("text"), features=["bold", "italic", "link", "ol", "ul"])
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.INFO)
    starts_at = models.DateTimeField(_("shown from"))
    ends_at = models.DateTimeField(_("shown until"), null=True, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("body"),
        FieldPanel("level"),
        MultiFieldPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("When")),
    ]

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="intranet_notice_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title
