"""Reads of intranet content. Every function runs a fixed number of queries, however much content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import reduce
from operator import and_
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale, Page, Site

from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.intranet import rules

if TYPE_CHECKING:
    from wagtail.search.backends.base import BaseSearchResults

    from vikarieportalen.intranet.models import (
        ContactCard,
        FaqEntry,
        FaqPage,
        JobAdPage,
        LegalPage,
        NewsPage,
        Notice,
        Shortcut,
    )
    from vikarieportalen.staffing.models import Booking

NEWS_PER_PAGE = 10
JOB_ADS_PER_PAGE = 10
SEARCH_RESULTS_PER_PAGE = 10
NEWS_ON_START_PAGE = 5
JOB_ADS_ON_START_PAGE = 5
CONTACTS_IN_SEARCH = 5
# Everyone with a staff role reads every news item (they answer the substitutes' questions about them).
STAFF_ROLES = tuple(role for role in Role if role is not Role.SUBSTITUTE)


def notice_list_current() -> QuerySet[Notice]:
    """Notices whose window includes now."""
    from vikarieportalen.intranet.models import Notice

    now = timezone.now()
    return Notice.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), starts_at__lte=now)


def contact_card_list() -> QuerySet[ContactCard]:
    from vikarieportalen.intranet.models import ContactCard, OpeningHours

    cards: QuerySet[ContactCard] = ContactCard.objects.prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens"))
    )
    return cards


def shared_content_changes_at(*, now: dt.datetime, latest: dt.datetime) -> dt.datetime:
    """The next moment the content shown to everyone changes with the clock, ``latest`` at the latest:
    a notice's window opens or closes, a contact card's "open now" changes, or midnight (job ads
    close by day). Two queries."""
    from vikarieportalen.intranet.models import Notice
    from vikarieportalen.intranet.opening_hours import opening_status, swedish_closed_days, weekly_hours

    tomorrow = now.astimezone(STOCKHOLM).date() + dt.timedelta(days=1)
    moments = [latest, dt.datetime.combine(tomorrow, dt.time(), tzinfo=STOCKHOLM)]
    windows = Notice.objects.aggregate(
        starts=Min("starts_at", filter=Q(starts_at__gt=now)), ends=Min("ends_at", filter=Q(ends_at__gt=now))
    )
    moments += [moment for moment in windows.values() if moment is not None]
    year = now.astimezone(STOCKHOLM).year
    closed_days = swedish_closed_days((year, year + 1))
    for contact in contact_card_list():
        rows = [(row.weekday, row.opens, row.closes) for row in contact.opening_hours.all()]
        if rows:
            status = opening_status(weekly=weekly_hours(rows), now=now, closed_days=closed_days)
            moments += [moment for moment in (status.closes_at, status.opens_at) if moment is not None]
    return min(moments)


def contact_card_footer() -> ContactCard | None:
    return contact_card_list().filter(show_in_footer=True).first()


def legal_page_list_footer(*, language_code: str) -> list[LegalPage]:
    """The footer's legal pages in ``language_code``, in the tree's order; the default language's
    page where it has no live translation. One query."""
    from vikarieportalen.intranet.models import LegalPage

    pages = (
        LegalPage.objects.live()
        .public()
        .filter(locale__language_code__in={language_code, settings.LANGUAGE_CODE})
        .select_related("locale")
        .order_by("path")
    )
    chosen: dict[Any, LegalPage] = {}
    order: list[Any] = []  # translation keys, the default language's tree first
    for page in sorted(pages, key=lambda p: p.locale.language_code != settings.LANGUAGE_CODE):
        if page.translation_key not in chosen:
            order.append(page.translation_key)
        if page.translation_key not in chosen or page.locale.language_code == language_code:
            chosen[page.translation_key] = page
    return [chosen[key] for key in order]


def faq_topics(*, page: FaqPage) -> list[tuple[str, list[FaqEntry]]]:
    """The page's entries grouped by topic, topics in the order they first appear."""
    groups: dict[str, list[FaqEntry]] = {}
    for entry in page.entries.all():
        groups.setdefault(entry.topic, []).append(entry)
    return list(groups.items())


# ---------------------------------------------------------------------------------------------
# News


def news_reader_areas(*, user: Any) -> frozenset[str] | None:
    """What a reader may see of aimed news: None = everything (staff), else these areas.

    Anonymous readers (inside the network) and users without a role see only news for everyone;
    a substitute also sees news aimed at the areas they are introduced in.
    """
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if any(user.has_role(role) for role in STAFF_ROLES):
        return None
    if user.has_role(Role.SUBSTITUTE):
        from vikarieportalen.staffing.selectors import substitute_areas

        return frozenset(substitute_areas(user=user))
    return frozenset()


def _news_visible_condition(reader_areas: frozenset[str] | None) -> Q:
    from vikarieportalen.intranet.models import NewsTargetArea

    if reader_areas is None:
        return Q()
    targets = NewsTargetArea.objects.filter(page=OuterRef("pk"))
    untargeted = Q(~Exists(targets))
    if not reader_areas:
        return untargeted
    return untargeted | Q(Exists(targets.filter(area__in=reader_areas)))


def news_list_visible(*, user: Any, within: Page) -> QuerySet[NewsPage]:
    """Live news below ``within`` that ``user`` may read, newest first."""
    return news_list_visible_to(news_reader_areas(user=user), within=within)


def news_list_visible_to(reader_areas: frozenset[str] | None, *, within: Page) -> QuerySet[NewsPage]:
    """Live news below ``within`` for a reader who sees the aimed news of ``reader_areas``
    (None: all of it, as staff), newest first."""
    from vikarieportalen.intranet.models import NewsPage

    news: QuerySet[NewsPage] = (
        NewsPage.objects.live()
        .public()
        .descendant_of(within)
        .filter(_news_visible_condition(reader_areas))
        .prefetch_related("target_areas")
        .order_by("-date", "-pk")  # matches the index intranet_news_date_desc
    )
    return news


def news_page_is_visible(*, page: NewsPage, user: Any) -> bool:
    return rules.news_is_visible(
        target_areas=[target.area for target in page.target_areas.all()],
        reader_areas=news_reader_areas(user=user),
    )


# ---------------------------------------------------------------------------------------------
# Job ads


def job_ad_list_open(*, within: Page) -> QuerySet[JobAdPage]:
    """Live job ads below ``within`` whose last application day is today or later, closing first."""
    from vikarieportalen.intranet.models import JobAdPage

    ads: QuerySet[JobAdPage] = (
        JobAdPage.objects.live()
        .public()
        .descendant_of(within)
        .filter(last_application_date__gte=timezone.localdate())
        .select_related("workplace")
        .order_by("last_application_date", "pk")  # matches the index intranet_jobad_last_day
    )
    return ads


# ---------------------------------------------------------------------------------------------
# Shortcuts and the start page


def shortcut_list() -> QuerySet[Shortcut]:
    """Shortcuts in their order; a link to a page that was unpublished or deleted is left out."""
    from vikarieportalen.intranet.models import Shortcut

    return (
        Shortcut.objects.filter(Q(page__isnull=False, page__live=True) | ~Q(url=""))
        .select_related("page")
        .order_by("sort_order", "title", "pk")
    )


@dataclass(frozen=True)
class PersonalPanel:
    """What the start page shows a logged-in substitute about themself."""

    next_booking: Booking | None
    trainings_remaining: list[Any]
    # The open offers (``OpenOffer``: a single offer, or a series offer's open shifts as one).
    open_offers: list[Any] = field(default_factory=list)
    # How many offers wait in all, read with them (the bottom bar's count); None: not known.
    open_offer_count: int | None = None


def personal_panel_for(*, user: Any, areas: set[str] | None = None) -> PersonalPanel | None:
    """The panel for a logged-in substitute; None for anyone else. ``areas``: the substitute's
    areas of work when the caller has read them (``substitute_areas``), else read here."""
    if not getattr(user, "is_authenticated", False) or Role.SUBSTITUTE not in user.roles():
        return None
    from vikarieportalen.intranet.serving.caching import shared_value
    from vikarieportalen.staffing.offers.selectors import offer_open_summary_for
    from vikarieportalen.staffing.selectors import booking_next_for
    from vikarieportalen.trainings.selectors import course_list_live, course_list_remaining

    # The live courses are the same for everyone (cached until a page is published); what the
    # substitute has completed is read live.
    courses = shared_value("live-courses", course_list_live)
    offers = offer_open_summary_for(substitute=user, limit=5)
    return PersonalPanel(
        next_booking=booking_next_for(substitute=user),
        trainings_remaining=list(course_list_remaining(user=user, areas=areas, courses=courses)),
        open_offers=offers.items,
        open_offer_count=offers.count,
    )


def start_page_content(*, home: Page, user: Any) -> dict[str, Any]:
    """The start page's lists: latest news, open job ads, shortcuts and the personal panel."""
    reader_areas = news_reader_areas(user=user)
    return {
        # Lazy: read only when the template shows them (not when its cached fragment does).
        "latest_news": SimpleLazyObject(
            lambda: list(news_list_visible_to(reader_areas, within=home)[:NEWS_ON_START_PAGE])
        ),
        "open_job_ads": SimpleLazyObject(lambda: list(job_ad_list_open(within=home)[:JOB_ADS_ON_START_PAGE])),
        "shortcuts": SimpleLazyObject(lambda: list(shortcut_list())),
        # Which aimed news the reader sees: the start page's cached news differ by it.
        "news_audience": "all" if reader_areas is None else ",".join(sorted(reader_areas)),
        # A substitute's news areas are their areas of work (staff: None, all news), read once.
        "panel": personal_panel_for(user=user, areas=None if reader_areas is None else set(reader_areas)),
        # Notices, shortcuts and contacts are written once, in the default language.
        "snippet_language": settings.LANGUAGE_CODE,
    }


# ---------------------------------------------------------------------------------------------
# Search


def _search_locale_condition() -> Q:
    """Pages in the reader's language, and Swedish pages where no translation exists."""
    default = Locale.get_default()
    active = Locale.get_active()
    if active.pk == default.pk:
        return Q(locale=default)
    translated = Page.objects.filter(locale=active).values("translation_key")
    return Q(locale=active) | (Q(locale=default) & ~Q(translation_key__in=translated))


def page_search(*, query: str, user: Any) -> BaseSearchResults | QuerySet[Page]:
    """Live pages the user may read that match ``query``, best match first.

    Left out: closed job ads and news aimed at areas the reader is not in. Trainings and other
    page types are found through their own search fields.
    """
    from vikarieportalen.intranet.models import JobAdPage, NewsPage

    closed_ads = JobAdPage.objects.filter(last_application_date__lt=timezone.localdate()).values("pk")
    pages = Page.objects.live().public().filter(_search_locale_condition()).exclude(pk__in=closed_ads)
    reader_areas = news_reader_areas(user=user)
    if reader_areas is not None:
        hidden_news = NewsPage.objects.exclude(_news_visible_condition(reader_areas)).values("pk")
        pages = pages.exclude(pk__in=hidden_news)
    words = rules.search_terms(query)
    if not words:
        return pages.none()
    return pages.search(" ".join(words), operator="and")


def contact_card_search(*, query: str) -> QuerySet[ContactCard]:
    """Contact cards whose name, role, note, phone or e-mail contain every word of ``query``."""
    words = rules.search_terms(query)
    if not words:
        return contact_card_list().none()
    conditions = [
        Q(name__icontains=word)
        | Q(role__icontains=word)
        | Q(note__icontains=word)
        | Q(email__icontains=word)
        | Q(phone__icontains=word)
        for word in words
    ]
    return contact_card_list().filter(reduce(and_, conditions))[:CONTACTS_IN_SEARCH]


def pages_specific(pages: list[Page]) -> list[Page]:
    """The specific pages for a page of search results, in the same order (one query per type)."""
    by_pk = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
    return [by_pk[page.pk] for page in pages if page.pk in by_pk]


# ---------------------------------------------------------------------------------------------
# Translations


def url_in_language(*, request: HttpRequest, url: str, language: str) -> str:
    """Where the language button leads from ``url``: the page's translation when it has one.

    An intranet page without a translation stays where it is (the menus change language, the
    text stays Swedish); an English page without a Swedish version leads to the nearest Swedish
    ancestor. Addresses that are not pages (/konto/…) stay as they are.
    """
    path = urlsplit(url).path
    path_language = translation.get_language_from_path(path)
    page_path = path[len(path_language) + 1 :] if path_language else path
    site = Site.find_for_request(request)
    target = Locale.objects.filter(language_code=language).first()
    if site is None or target is None:
        return url
    with translation.override(path_language or settings.LANGUAGE_CODE):
        try:
            page, _args, _kwargs = site.root_page.localized.specific.route(
                request, [part for part in page_path.split("/") if part]
            )
        except Http404:
            return page_path if path_language and language == settings.LANGUAGE_CODE else url
    if page.locale_id == target.pk:
        own = page.get_url(request=request) or url
        return url if own == path else own  # keeps ?page=2; drops an /en/ prefix on a Swedish page
    translated = page.get_translations().filter(locale=target, live=True).first()
    if translated is not None:
        return translated.get_url(request=request) or url
    if language != settings.LANGUAGE_CODE:
        return url
    for ancestor in page.get_ancestors().filter(depth__gt=1).order_by("-depth"):
        translated = ancestor.get_translations(inclusive=True).filter(locale=target, live=True).first()
        if translated is not None:
            return translated.get_url(request=request) or "/"
    return "/"
