"""Intranet content: Wagtail pages and snippets, one module per page type or snippet group.

Page models hold content structure only. Everything is imported here, so Django finds the models and
``from vikarieportalen.intranet.models import NewsPage`` works as for any app.
"""

from vikarieportalen.intranet.models.contacts import ContactCard, OpeningHours, Weekday
from vikarieportalen.intranet.models.faq import FaqEntry, FaqPage
from vikarieportalen.intranet.models.home import HomePage
from vikarieportalen.intranet.models.job_ads import JobAdIndexPage, JobAdPage
from vikarieportalen.intranet.models.legal import LegalPage
from vikarieportalen.intranet.models.news import NewsIndexPage, NewsPage, NewsPageForm, NewsTargetArea
from vikarieportalen.intranet.models.notices import Notice
from vikarieportalen.intranet.models.shortcuts import Shortcut

__all__ = [
    "ContactCard",
    "FaqEntry",
    "FaqPage",
    "HomePage",
    "JobAdIndexPage",
    "JobAdPage",
    "LegalPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageForm",
    "NewsTargetArea",
    "Notice",
    "OpeningHours",
    "Shortcut",
    "Weekday",
]
