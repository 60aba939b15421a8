"""The news Atom feed (Django's syndication framework), served by NewsIndexPage at ``flode/``.

A feed reader is usually anonymous: inside the municipal network it gets the news for everyone;
a logged-in browser gets the same items as the news list.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from vikarieportalen.intranet import selectors

if TYPE_CHECKING:
    from vikarieportalen.intranet.models import NewsIndexPage, NewsPage

FEED_ITEMS = 20


# The models are imported for annotations only, so the type arguments are strings.
class NewsFeed(Feed["NewsPage", "NewsIndexPage"]):
    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> NewsIndexPage:
        return cast("NewsIndexPage", kwargs["index"])

    def title(self, index: NewsIndexPage) -> str:
        return cast(str, index.title)  # Wagtail is untyped: Page's fields are Any to mypy

    def link(self, index: NewsIndexPage) -> str:
        return index.get_url(request=self.request) or "/"

    def subtitle(self, index: NewsIndexPage) -> str:
        return cast(str, index.get_site().site_name or index.title)

    def items(self, index: NewsIndexPage) -> list[NewsPage]:
        return list(selectors.news_list_visible(user=self.request.user, within=index)[:FEED_ITEMS])

    def item_title(self, item: NewsPage) -> str:
        return cast(str, item.title)

    def item_description(self, item: NewsPage) -> str:
        return item.intro

    def item_link(self, item: NewsPage) -> str:
        return item.get_url(request=self.request) or "/"

    def item_pubdate(self, item: NewsPage) -> dt.datetime:
        # The news date at the start of the day, local time; the publishing time when it is that day.
        published: dt.datetime | None = item.first_published_at
        if published is not None and timezone.localdate(published) == item.date:
            return published
        return dt.datetime.combine(item.date, dt.time(0, 0), tzinfo=timezone.get_current_timezone())

    def item_updateddate(self, item: NewsPage) -> dt.datetime | None:
        return item.last_published_at or self.item_pubdate(item)
