"""Shortcuts (a snippet): links on the start page to intranet pages or other systems."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import flatatt
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from vikarieportalen.intranet import rules
from vikarieportalen.intranet.validators import web_address_or_path


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
