"""Which language a request is in, now that English pages live under /en/.

Django's LocaleMiddleware, once ``i18n_patterns(prefix_default_language=False)`` is in use, makes
every address without a prefix Swedish and ignores the language cookie. The portal's own pages
(/konto/…, /intranat/sok/) have no prefix and follow the reader's choice, so here the language is:
the /en/ prefix when there is one, otherwise the cookie (the reader's choice on this device), then
the language saved on the logged-in person's account (``USER_LANGUAGE_SESSION_KEY``, put in the
session at login: it follows them to a new phone), then the browser's Accept-Language.

Wagtail finds the page for an address in the active language's page tree, so an address without a
prefix is routed in the default language (Swedish) even when the reader chose English: the reader
then gets the Swedish page with English menus, and the language button leads to the translation.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Page

from vikarieportalen.accounts.services import USER_LANGUAGE_SESSION_KEY


class ContentLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        language = translation.get_language_from_path(request.path_info)
        if not language and not request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
            saved = request.session.get(USER_LANGUAGE_SESSION_KEY) if hasattr(request, "session") else None
            if isinstance(saved, str) and saved in dict(settings.LANGUAGES):
                language = saved
        if not language:
            language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: tuple[Any, ...], view_kwargs: dict[str, Any]
    ) -> None:
        if view_func is not wagtail_views.serve or translation.get_language_from_path(request.path_info):
            return
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        # Page.route_for_request caches its result on the request; serve() then uses this route.
        with translation.override(settings.LANGUAGE_CODE):
            Page.route_for_request(request, path)
