"""English intranet pages under /en/, Swedish ones without a prefix — whatever the menus' language.

Django's ``i18n_patterns(..., prefix_default_language=False)`` matches an address without a prefix
only while the active language is the default one. The portal keeps the reader's language choice
(cookie) on every address, so a reader who chose English would get 404 on every Swedish page.
This pattern matches by the address alone: ``en/…`` is the English tree, anything else Swedish.
Reversing is unchanged (``/en/`` while English is active), which is what Wagtail's page URLs use.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import URLPattern, URLResolver
from django.urls.resolvers import LocalePrefixPattern


class ContentLocalePrefixPattern(LocalePrefixPattern):
    def match(self, path: str) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        for code, _name in settings.LANGUAGES:
            if code != settings.LANGUAGE_CODE and path.startswith(f"{code}/"):
                return path.removeprefix(f"{code}/"), (), {}
        return path, (), {}


def page_patterns(*urls: URLPattern | URLResolver) -> list[URLResolver]:
    """Like ``i18n_patterns(*urls, prefix_default_language=False)``, matched by the address alone."""
    return [URLResolver(ContentLocalePrefixPattern(prefix_default_language=False), list(urls))]
