"""Internal job ads (*interna jobbannonser*): the list and the ads."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from vikarieportalen.core.pages import StewardedPage
from vikarieportalen.intranet import rules, selectors
from vikarieportalen.staffing.models import Workplace


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
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
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
