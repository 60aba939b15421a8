"""Which message kinds a person may get as push notices, and under which category they choose.

Notifications knows no kind by name: the sending apps register theirs from ``AppConfig.ready``
(``push_kinds_register(NoticeCategory.OFFERS, "staffing_offer", …)``). A kind not registered here
always goes as SMS (codes, password resets: they must reach the number, not a device).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from vikarieportalen.notifications.models import NoticeCategory

_categories: dict[str, NoticeCategory] = {}
_fallback_unopened: set[str] = set()


def push_kinds_register(category: NoticeCategory, *kinds: str, fallback_unopened: bool = False) -> None:
    """``fallback_unopened``: a push of these kinds not opened within PUSH_FALLBACK_MINUTES is
    followed by the SMS (an offer); otherwise the SMS goes only if the push cannot be delivered."""
    for kind in kinds:
        known = _categories.get(kind)
        if known is not None and known != category:
            raise ImproperlyConfigured(f"Message kind {kind!r} is in both {known} and {category}.")
        _categories[kind] = category
        if fallback_unopened:
            _fallback_unopened.add(kind)


def push_fallback_unopened(kind: str) -> bool:
    return kind in _fallback_unopened


def push_category(kind: str) -> NoticeCategory | None:
    """The category a kind is chosen under, or None: that kind only goes as SMS."""
    return _categories.get(kind)


def push_kinds_unregister(*kinds: str) -> None:
    """Forget ``kinds`` (for tests that declare kinds of their own)."""
    for kind in kinds:
        _categories.pop(kind, None)
        _fallback_unopened.discard(kind)
