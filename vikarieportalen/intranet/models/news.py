"""News: the list (with its Atom feed) and the items, which may be aimed at areas of work."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from vikarieportalen.core.pages import StewardedPage
from vikarieportalen.intranet import selectors
from vikarieportalen.staffing.models import AreaOfWork


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
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
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
        return cast("NewsPage", page)  # WagtailAdminPageForm is untyped: save() is Any to mypy


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
        response: HttpResponse = super().serve(request, *args, **kwargs)
        return response

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
