"""Caching of intranet pages (docs/operations.md, "Caching of intranet pages").

Three things are cached, all keyed by the *content generation*:

- whole pages for anonymous readers inside the municipal network (``PageCacheMiddleware``), keyed
  by address, host, language and network; the CSRF token in them is replaced on the way out;
- the shared parts of the start page and the footer for logged-in readers (``{% shared_fragment %}``),
  keyed by language and, for the news, by which aimed news the reader may see;
- Wagtail's route from an address to its page, so that a logged-in reader's page is found without
  walking the tree.

The content generation is a token in the cache. Publishing, unpublishing, moving or deleting a page
and saving or deleting a notice, shortcut, contact card or view restriction delete it
(``content_changed``); it also expires by itself at the next moment the shared content changes with
the clock: a notice's window opens or closes, a contact opens or closes, midnight (job ads close by
day), and at most after ``INTRANET_CACHE_SECONDS``. The next request makes a new token, and every
entry made under the old one is never read again. One cache read per request.

Personal content is never cached: a logged-in reader's page is rendered for them, with their panel
("For you", offers, next shift) read live. ``INTRANET_CACHE_SECONDS = 0`` switches all of it off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import pickle
import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

logger = logging.getLogger(__name__)

GENERATION_KEY = "intranet:generation"
# Query parameters a cached page may have; any other makes the request uncached (bounded key space).
CACHED_QUERY_PARAMETERS = frozenset({"page"})
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
CSRF_PLACEHOLDER = b'name="csrfmiddlewaretoken" value="@@intranet-csrf-token@@"'


@dataclass
class _Config:
    # When the shared content next changes with the clock: (now=, latest=) -> a moment <= latest.
    changes_at: Callable[..., dt.datetime] | None = None
    # The page types whose pages anonymous readers get from the cache.
    page_types: tuple[type[Page], ...] = ()


_config = _Config()


def configure(*, changes_at: Callable[..., dt.datetime], page_types: tuple[type[Page], ...]) -> None:
    """Set by the intranet app's ready() (this module imports neither its models nor its selectors)."""
    _config.changes_at = changes_at
    _config.page_types = page_types


def cache_seconds() -> int:
    """How long a cached entry lives at most; 0 when caching is off."""
    return int(getattr(settings, "INTRANET_CACHE_SECONDS", 0))


# ---------------------------------------------------------------------------------------------
# The content generation


def content_generation(request: HttpRequest | None = None) -> str:
    """The current generation token (one cache read, remembered on ``request``)."""
    if request is not None and hasattr(request, "_intranet_generation"):
        return str(request._intranet_generation)
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        now = timezone.now()
        latest = now + dt.timedelta(seconds=cache_seconds())
        changes_at = _config.changes_at(now=now, latest=latest) if _config.changes_at else latest
        timeout = max(1, int((changes_at - now).total_seconds()))
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout)
        generation = cache.get(GENERATION_KEY) or uuid.uuid4().hex  # whichever process came first
    if request is not None:
        request._intranet_generation = generation  # type: ignore[attr-defined]
    return str(generation)


def shared_value[T](name: str, compute: Callable[[], T], request: HttpRequest | None = None) -> T:
    """``compute()``, kept for the current generation: for shared content read on personal pages
    (the live courses every substitute's panel is checked against)."""
    if not cache_seconds():
        return compute()
    key = f"intranet:shared:{name}:{content_generation(request)}"
    value = entry_get(key)
    if value is None:
        value = compute()
        entry_set(key, value)
    return value  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------------------------
# Entries: in the shared cache, and copied in this process


# An entry's key holds the generation, and nothing is ever stored twice under one key with a
# different meaning: once read, an entry can be kept in this process until it expires, and the
# next request needs no round trip to Redis for it (only the generation is read there). The copy is
# kept pickled, so each request gets objects of its own (a cached route holds model instances).
# Bounded by count and size (the least recently used go first); a lock, for threaded servers.
LOCAL_ENTRIES = 300
LOCAL_BYTES = 32 * 1024 * 1024
_local: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
_local_lock = threading.Lock()
_local_size = [0]


def entry_get(key: str) -> Any:
    """The entry under ``key``: from this process's copy, else from the shared cache; None if neither."""
    with _local_lock:
        kept = _local.get(key)
        if kept is not None and kept[0] > time.monotonic():
            _local.move_to_end(key)
        elif kept is not None:
            _drop(key)
            kept = None
    if kept is not None:
        return pickle.loads(kept[1])  # noqa: S301 - pickled by this process itself
    value = cache.get(key)
    if value is not None:
        _keep(key, value)
    return value


def entry_set(key: str, value: Any) -> None:
    cache.set(key, value, cache_seconds())
    _keep(key, value)


def _keep(key: str, value: Any) -> None:
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    with _local_lock:
        _drop(key)
        _local[key] = (time.monotonic() + cache_seconds(), data)
        _local_size[0] += len(data)
        while _local and (len(_local) > LOCAL_ENTRIES or _local_size[0] > LOCAL_BYTES):
            _drop(next(iter(_local)))


def _drop(key: str) -> None:
    """Forget one copy (the caller holds the lock)."""
    kept = _local.pop(key, None)
    if kept is not None:
        _local_size[0] -= len(kept[1])


def local_entries_clear() -> None:
    """Forget this process's copies (the tests' empty cache)."""
    with _local_lock:
        _local.clear()
        _local_size[0] = 0


def _forget_generation() -> None:
    try:
        cache.delete(GENERATION_KEY)
    except Exception:  # a cache that is down must not stop an editor from publishing
        logger.warning("Could not reset the intranet cache generation", exc_info=True)


def content_changed(**_kwargs: Any) -> None:
    """Signal receiver: shared content changed; every cached page and fragment is out of date.

    At once, and again when the transaction commits: a request between the two would otherwise
    cache the old content under the new generation."""
    _forget_generation()
    transaction.on_commit(_forget_generation)


# ---------------------------------------------------------------------------------------------
# Whole pages for anonymous readers inside the municipal network


def page_cache_key(request: HttpRequest) -> str | None:
    """The key of this request's cached page, or None when the request must not use the cache."""
    if not cache_seconds() or request.method != "GET" or request.headers.get("HX-Request"):
        return None
    if not getattr(request, "in_municipal_network", False) or request.user.is_authenticated:
        return None
    if not set(request.GET) <= CACHED_QUERY_PARAMETERS or "messages" in request.COOKIES:
        return None
    session = getattr(request, "session", None)
    if session is not None and session.get("_messages"):
        return None
    parts = (
        content_generation(request),
        str(request.scheme),
        request.get_host(),
        translation.get_language(),
        "inside",  # only readers inside the network get cached pages (outside: the login page)
        request.get_full_path(),
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"intranet:page:{digest}"


def page_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether an anonymous reader's page may be kept for the next one."""
    if response.status_code != 200 or response.streaming:
        return False
    # The CSRF cookie goes out with the reader's own token (page_cache_response); any other is personal.
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if "private" in response.get("Cache-Control", "") or "no-cache" in response.get("Cache-Control", ""):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    if request.user.is_authenticated:
        return False
    route = getattr(request, "_wagtail_route_for_request", None)
    if not route or not isinstance(route[0], _config.page_types):
        return False
    # A page behind a password or a login is never shared: the next reader may not have passed it.
    return not any(True for _restriction in route[0].get_view_restrictions())


def page_cache_store(key: str, response: HttpResponse) -> None:
    content = CSRF_FIELD.sub(CSRF_PLACEHOLDER, response.content)
    entry_set(key, (content, response["Content-Type"]))


def page_cache_response(request: HttpRequest, cached: tuple[bytes, str]) -> HttpResponse:
    """The cached page, with this reader's own CSRF token in its forms (the language button)."""
    content, content_type = cached
    if CSRF_PLACEHOLDER in content:
        token = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'.encode()
        content = content.replace(CSRF_PLACEHOLDER, token)
    return HttpResponse(content, content_type=content_type)


# ---------------------------------------------------------------------------------------------
# Wagtail's route from an address to its page


def page_route(request: HttpRequest, path: str) -> RouteResult | None:
    """``Page.route_for_request``, from the cache when the same address was routed before in this
    generation (site, language and address in the key). Only plain pages are cached: a routable
    page's sub-route (the news feed) is routed each time."""
    if hasattr(request, "_wagtail_route_for_request") or not cache_seconds():
        return Page.route_for_request(request, path)
    parts = (content_generation(request), request.get_host(), translation.get_language(), path)
    key = "intranet:route:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
    cached = entry_get(key)
    if cached is not None:
        site, page, restrictions = cached
        _remember_view_restrictions(page, restrictions)
        request._wagtail_site = site  # type: ignore[attr-defined]  # Wagtail's own per-request memo
        route = RouteResult(page)
        request._wagtail_route_for_request = route  # type: ignore[attr-defined]
        return route
    route = Page.route_for_request(request, path)
    if route is not None and not route[1] and not route[2]:
        site = Site.find_for_request(request)
        page = route[0]
        page.locale  # noqa: B018 - loaded now, kept with the page (every template reads it)
        restrictions = list(page.get_view_restrictions())
        entry_set(key, (site, page, restrictions))
        _remember_view_restrictions(page, restrictions)
    return route


def _remember_view_restrictions(page: Page, restrictions: list[PageViewRestriction]) -> None:
    """Wagtail checks a page's view restrictions (its own and its ancestors') on every request, in
    two queries; they are kept with the route (any change to a restriction makes a new generation).
    The copy on this request's page instance answers as the query would, iterated."""
    page.get_view_restrictions = lambda: restrictions
