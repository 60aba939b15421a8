"""The FAQ page: questions and answers grouped by topic."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from vikarieportalen.core.pages import StewardedPage
from vikarieportalen.intranet import selectors


class FaqPage(StewardedPage, Page):  # type: ignore[django-manager-missing]
    """Questions and answers, grouped by topic; each answer has its own anchor."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("entries", label=_("Questions and answers")),
    ]
    settings_panels = [*Page.settings_panels, *StewardedPage.stewardship_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.RelatedFields("entries", [index.SearchField("question"), index.SearchField("answer")]),
    ]
    parent_page_types = ["intranet.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("FAQ page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["topics"] = selectors.faq_topics(page=self)
        return context


class FaqEntry(Orderable):
    page = ParentalKey(FaqPage, on_delete=models.CASCADE, related_name="entries")
    topic = models.CharField(_("topic"), max_length=200)
    question = models.CharField(_("question"), max_length=300)
    answer = RichTextField(_("answer"))
    anchor = models.SlugField(_("anchor"), max_length=80, blank=True)

    panels = [
        FieldPanel("topic"),
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("anchor"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")

    def __str__(self) -> str:
        return self.question

    @property
    def anchor_id(self) -> str:
        return self.anchor or slugify(self.question)[:80]
