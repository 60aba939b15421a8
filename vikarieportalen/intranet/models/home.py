"""The start page, "Vikarieportalen"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from vikarieportalen.core.pages import StewardedPage
from vikarieportalen.core.web.navigation import nav_badge_known
from vikarieportalen.intranet import selectors
from vikarieportalen.intranet.models.job_ads import JobAdIndexPage
from vikarieportalen.intranet.models.legal import LegalPage
from vikarieportalen.intranet.models.news import NewsIndexPage


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
        """The shared lists are read only when the template shows them: on the start page they are
        in cached fragments (intranet/serving/caching.py), so a cached fragment costs no query."""
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["notices"] = SimpleLazyObject(lambda: list(selectors.notice_list_current()))
        context["contacts"] = SimpleLazyObject(lambda: list(selectors.contact_card_list()))
        # The legal pages are in every page's footer, not among the sections.
        sections = SimpleLazyObject(
            lambda: list(self.get_children().live().public().not_type(LegalPage).specific())
        )
        context["sections"] = sections
        context["news_index"] = SimpleLazyObject(
            lambda: next((s for s in sections if isinstance(s, NewsIndexPage)), None)
        )
        context["job_ad_index"] = SimpleLazyObject(
            lambda: next((s for s in sections if isinstance(s, JobAdIndexPage)), None)
        )
        context.update(selectors.start_page_content(home=self, user=request.user))
        panel = context["panel"]
        if panel is not None and panel.open_offer_count is not None:
            # The panel read every open offer: the bottom bar's count needs no query of its own.
            nav_badge_known(request, "staffing:my_offers", panel.open_offer_count)
        return context
