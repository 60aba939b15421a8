"""Intranet content: Wagtail pages and snippets. Page models hold content structure only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.forms.utils import flatatt
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from vikarieportalen.intranet import rules, selectors
from vikarieportalen.intranet.page_mixins import StewardedPage
from vikarieportalen.intranet.validators import web_address_or_path
from vikarieportalen.staffing.models import AreaOfWork, Workplace


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


# mypy's Django plugin cannot follow Page's manager past the abstract StewardedPage mixin.
class HomePage(StewardedPage, Page):  # type: ignore[django-manager-missing]
    """The start page, "Vikarieportalen". Any intranet section page may sit below it."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [*Page.settings_panels, *StewardedPage.stewardship_panels]
    # Below the root: the Swedish start page and its translations (one per content language).
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("start page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["notices"] = selectors.notice_list_current()
        context["contacts"] = selectors.contact_card_list()
        sections = list(self.get_children().live().public().specific())
        context["sections"] = sections
        context["news_index"] = next((s for s in sections if isinstance(s, NewsIndexPage)), None)
        context["job_ad_index"] = next((s for s in sections if isinstance(s, JobAdIndexPage)), None)
        context.update(selectors.start_page_content(home=self, user=request.user))
        return context


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


# ---------------------------------------------------------------------------------------------
# News


class NewsIndexPage(RoutablePageMixin, StewardedPage, Page):  # type: ignore[django-manager-missing]
    """The news list, newest first, with pagination and an Atom feed at ``flode/``."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [*Page.settings_panels, *StewardedPage.stewardship_panels]
    parent_page_types = ["intranet.HomePage"]
    subpage_types = ["intranet.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news list")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        news = selectors.news_list_visible(user=request.user, within=self)
        context["news_page"] = Paginator(news, selectors.NEWS_PER_PAGE).get_page(request.GET.get("page"))
        return context

    @path("flode/", name="feed")
    def feed(self, request: HttpRequest) -> HttpResponse:
        from vikarieportalen.intranet.feeds import NewsFeed

        return NewsFeed()(request, index=self)


class NewsPageForm(WagtailAdminPageForm):
    """The editor's form: target areas as checkboxes instead of a row per area."""

    areas = forms.MultipleChoiceField(
        label=_("Only for substitutes in these areas of work"),
        help_text=_("Leave all unticked to show the news item to everyone."),
        choices=AreaOfWork.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].initial = [target.area for target in self.instance.target_areas.all()]

    def save(self, commit: bool = True) -> NewsPage:
        page = super().save(commit=False)
        page.target_areas = [NewsTargetArea(area=area) for area in self.cleaned_data["areas"]]
        if commit:
            page.save()
        return page


class NewsPage(StewardedPage, Page):  # type: ignore[django-manager-missing]
    """A news item. Aimed at some areas of work, it is shown only to substitutes in them (and staff)."""

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(
        _("introduction"),
        max_length=300,
        help_text=_("One or two sentences, shown in lists, on the start page and in the feed."),
    )
    body = RichTextField(_("text"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("areas"),
    ]
    settings_panels = [*Page.settings_panels, *StewardedPage.stewardship_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    base_form_class = NewsPageForm
    parent_page_types = ["intranet.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        # The lists' order: the newest first pages come straight from the index, however many items.
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="intranet_news_date_desc")]

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.news_page_is_visible(page=self, user=request.user):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())  # logging in may show it
            raise Http404
        return super().serve(request, *args, **kwargs)

    @property
    def target_areas_label(self) -> str:
        """The areas the item is aimed at, e.g. "elderly care, home care"; empty when it is for everyone."""
        return ", ".join(str(target.get_area_display()).lower() for target in self.target_areas.all())

    @property
    def search_summary(self) -> str:
        return self.intro


class NewsTargetArea(models.Model):
    """One area of work a news item is aimed at. No rows: the item is for everyone."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="target_areas")
    area = models.CharField(_("area of work"), max_length=20, choices=AreaOfWork.choices)

    class Meta:
        verbose_name = _("target area")
        verbose_name_plural = _("target areas")
        constraints = [
            models.UniqueConstraint(fields=["page", "area"], name="intranet_newstargetarea_unique"),
            models.CheckConstraint(
                condition=models.Q(area__in=AreaOfWork.values), name="intranet_newstargetarea_area_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_area_display()


# ---------------------------------------------------------------------------------------------
# Internal job ads


class JobAdIndexPage(StewardedPage, Page):  # type: ignore[django-manager-missing]
    """Open internal job ads; an ad leaves the list by itself after its last application day."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [*Page.settings_panels, *StewardedPage.stewardship_panels]
    parent_page_types = ["intranet.HomePage"]
    subpage_types = ["intranet.JobAdPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("job ad list")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        ads = selectors.job_ad_list_open(within=self)
        context["ads_page"] = Paginator(ads, selectors.JOB_ADS_PER_PAGE).get_page(request.GET.get("page"))
        return context


class JobAdPage(StewardedPage, Page):  # type: ignore[django-manager-missing]
    """An internal job ad (*intern jobbannons*)."""

    workplace = models.ForeignKey(
        Workplace,
        verbose_name=_("workplace"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    workplace_text = models.CharField(
        _("workplace (free text)"),
        max_length=200,
        blank=True,
        help_text=_("When the workplace is not in the list, or to add a place or department."),
    )
    extent = models.CharField(
        _("extent"), max_length=120, help_text=_("For example: Full time, permanent · 75 %, 6 months")
    )
    last_application_date = models.DateField(
        _("last application date"),
        help_text=_("The ad leaves the lists by itself after this day."),
    )
    body = RichTextField(_("description"))
    how_to_apply = RichTextField(_("how to apply"), features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("workplace"), FieldPanel("workplace_text")], heading=_("Workplace")),
        FieldPanel("extent"),
        FieldPanel("last_application_date"),
        FieldPanel("body"),
        FieldPanel("how_to_apply"),
    ]
    settings_panels = [*Page.settings_panels, *StewardedPage.stewardship_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("workplace_text"),
        index.SearchField("extent"),
        index.SearchField("body"),
        index.FilterField("last_application_date"),
        index.RelatedFields("workplace", [index.SearchField("name")]),
    ]
    parent_page_types = ["intranet.JobAdIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("job ad")
        verbose_name_plural = _("job ads")
        indexes = [models.Index(fields=["last_application_date", "page_ptr"], name="intranet_jobad_last_day")]

    def clean(self) -> None:
        super().clean()
        if self.workplace_id is None and not self.workplace_text.strip():
            raise ValidationError({"workplace_text": _("Choose a workplace or write where the job is.")})

    @property
    def workplace_label(self) -> str:
        parts = [self.workplace.name if self.workplace else "", self.workplace_text.strip()]
        return ", ".join(part for part in parts if part)

    @property
    def is_open(self) -> bool:
        return rules.job_ad_is_open(
            last_application_date=self.last_application_date, today=timezone.localdate()
        )

    @property
    def search_summary(self) -> str:
        return " · ".join(part for part in (self.workplace_label, self.extent) if part)


# ---------------------------------------------------------------------------------------------
# Shortcuts


class Shortcut(models.Model):
    """A link on the start page to an intranet page or an external system (webmail, HR system…)."""

    title = models.CharField(_("title"), max_length=80)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("intranet page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.CharField(
        _("address"),
        max_length=500,
        blank=True,
        validators=[web_address_or_path],
        help_text=_(
            "An external system (https://…) or a portal page that is not in the page tree "
            "(/bemanning/mina-pass/). Leave empty when you choose a page."
        ),
    )
    description = models.CharField(_("short description"), max_length=160, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [
        FieldPanel("title"),
        FieldPanel("page"),
        FieldPanel("url"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("shortcut")
        verbose_name_plural = _("shortcuts")
        ordering = ["sort_order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(page__isnull=True) | models.Q(url=""),
                name="intranet_shortcut_page_or_url_not_both",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if (self.page_id is None) == (not self.url):
            raise ValidationError(_("Choose either a page or an address, not both."))

    @property
    def is_external(self) -> bool:
        """Another system: opened in a new tab. Addresses on this site open in the same tab."""
        return self.url.startswith(("https://", "http://"))

    def link_html_attributes(self) -> SafeString:
        """`` href="…"`` and, for an external system, ``target``/``rel``; values escaped."""
        url = self.url or (self.page.url if self.page else "") or "#"
        return flatatt(rules.shortcut_link_attributes(url=url, external=self.is_external))
