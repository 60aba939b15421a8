"""Which language a request is in, now that English pages live under /en/.

Django's LocaleMiddleware, once ``i18n_patterns(prefix_default_language=False)`` is in use, makes
every address without a prefix Swedish and ignores the language cookie. The portal's own pages
(/konto/…, /intranat/sok/) have no prefix and follow the reader's choice, so here the language is:
the /en/ prefix when there is one, otherwise the cookie (the reader's choice on this device), then
the language saved on the logged-in person's account (``USER_LANGUAGE_SESSION_KEY``, put in the
session at login: it follows them to a new phone), otherwise Swedish (``LANGUAGE_CODE``).

The browser's Accept-Language is never read: the portal is Swedish first, and a phone set to
English is not a choice of English (docs/intranet.md, "Which language a page is in").

Wagtail finds the page for an address in the active language's page tree, so an address without a
prefix is routed in the default language (Swedish) even when the reader chose English: the reader
then gets the Swedish page with English menus, and the language button leads to the translation.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from wagtail import views as wagtail_views
from wagtail.contrib.redirects.middleware import RedirectMiddleware as WagtailRedirectMiddleware
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from vikarieportalen.accounts.services import USER_LANGUAGE_SESSION_KEY
from vikarieportalen.intranet.serving import caching


def chosen_language(request: HttpRequest) -> str | None:
    """The language the reader chose: on this device (the cookie), else on their account; None if neither."""
    languages = dict(settings.LANGUAGES)
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in languages:
        return cookie
    saved = request.session.get(USER_LANGUAGE_SESSION_KEY) if hasattr(request, "session") else None
    return saved if isinstance(saved, str) and saved in languages else None


class ContentLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        language = (
            translation.get_language_from_path(request.path_info)
            or chosen_language(request)
            or settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        response = super().process_response(request, response)
        # Django's LocaleMiddleware varies on Accept-Language; the language follows the cookie instead.
        vary = [field.strip() for field in response.get("Vary", "").split(",") if field.strip()]
        kept = [field for field in vary if field.lower() != "accept-language"]
        if kept != vary:
            response["Vary"] = ", ".join(kept)
            if not kept:
                del response["Vary"]
        if not translation.get_language_from_path(request.path_info):
            patch_vary_headers(response, ("Cookie",))
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: tuple[Any, ...], view_kwargs: dict[str, Any]
    ) -> None:
        if view_func is not wagtail_views.serve:
            return
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        if translation.get_language_from_path(request.path_info):
            caching.page_route(request, path)  # in the prefix's language, the active one
            return
        # Page.route_for_request caches its result on the request; serve() then uses this route.
        with translation.override(settings.LANGUAGE_CODE):
            caching.page_route(request, path)


class PageCacheMiddleware:
    """Whole Wagtail pages for anonymous readers inside the municipal network, from the cache.

    Listed before ContentLanguageMiddleware: its ``process_view`` runs first (after every
    middleware has set the session, language, user and network), so a cached page costs no routing.
    A page served from the cache still passes every middleware on its way out (CSRF cookie, Vary,
    security headers). See ``caching`` for what is cached and when it is out of date.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = self.get_response(request)
        key = getattr(request, "_intranet_page_cache_key", None)
        if (
            key is not None
            and isinstance(response, HttpResponse)
            and caching.page_cacheable(request, response)
        ):
            caching.page_cache_store(key, response)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: tuple[Any, ...], view_kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        if view_func is not wagtail_views.serve:
            return None
        key = caching.page_cache_key(request)
        if key is None:
            return None
        cached = caching.entry_get(key)
        if cached is not None:
            return caching.page_cache_response(request, cached)
        request._intranet_page_cache_key = key  # type: ignore[attr-defined]
        return None


class RedirectMiddleware(WagtailRedirectMiddleware):  # type: ignore[misc]  # Wagtail is untyped
    """Wagtail's redirects from old addresses, matched whatever the letter case.

    The old public portal answered /Timvikarie/Vikarieportalen as it did /timvikarie/vikarieportalen,
    and people's bookmarks and printed posters have both. An exact match still wins.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        if response.status_code != 404 or "\0" in request.path:
            return response
        site = Site.find_for_request(request)
        full_path = Redirect.normalise_path(request.get_full_path())
        site_first = (F("site_id").desc(nulls_last=True), "pk")  # this site's own before any site's
        for path in dict.fromkeys((full_path, urlparse(full_path).path)):
            redirect = Redirect.get_for_site(site).filter(old_path__iexact=path).order_by(*site_first).first()
            if redirect is not None and redirect.link is not None:
                return (HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect)(
                    redirect.link
                )
        return response
