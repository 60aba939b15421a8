"""Intranet content: Wagtail pages and snippets. Page models hold content structure only."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from . import selectors


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ContactCard(ClusterableModel):
    """A unit or a person to contact, with weekly opening hours (a day may have several intervals)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    show_in_footer = models.BooleanField(
        _("show in footer"),
        default=False,
        help_text=_("The contact line at the foot of every page. Choose one card."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("note"),
        FieldPanel("show_in_footer"),
        FieldPanel("sort_order"),
        InlinePanel("opening_hours", label=_("Opening hours")),
    ]

    class Meta:
        verbose_name = _("contact card")
        verbose_name_plural = _("contact cards")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["show_in_footer"],
                condition=models.Q(show_in_footer=True),
                name="intranet_contactcard_one_footer",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OpeningHours(Orderable):
    contact = ParentalKey(ContactCard, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    panels = [FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")),
                name="intranet_openinghours_opens_before_closes",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6),
                name="intranet_openinghours_weekday_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H.%M}–{self.closes:%H.%M}"


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


class HomePage(Page):
    """The start page, "Vikarieportalen"."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["intranet.FaqPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("start page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["notices"] = selectors.notice_list_current()
        context["contacts"] = selectors.contact_card_list()
        context["sections"] = self.get_children().live().public().specific()
        return context


class FaqPage(Page):
    """Questions and answers, grouped by topic; each answer has its own anchor."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("entries", label=_("Questions and answers")),
    ]
    search_fields = [
        *Page.search_fields,
        index.RelatedFields("entries", [index.SearchField("question"), index.SearchField("answer")]),
    ]
    parent_page_types = ["intranet.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("FAQ page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
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
