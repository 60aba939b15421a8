"""Pages the law requires: the accessibility statement, the privacy notice and the cookies page.

Made by a migration in Swedish and English (0007); the municipality edits their text. They are linked
from every page's footer and, unlike the rest of the intranet, readable by anyone anywhere.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from vikarieportalen.core.pages import StewardedPage

# Headings, lists and links: enough for a statement or a notice, and nothing from other sites.
LEGAL_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class LegalPage(StewardedPage, Page):  # type: ignore[django-manager-missing]
    """A page the law requires; every live one is linked from the footer, in the tree's order."""

    body = RichTextField(_("text"), features=LEGAL_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    settings_panels = [*Page.settings_panels, *StewardedPage.stewardship_panels]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["intranet.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("legal information page")
