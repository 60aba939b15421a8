from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

if TYPE_CHECKING:
    from .models import ContactCard, FaqEntry, FaqPage, Notice


def notice_list_current() -> QuerySet[Notice]:
    """Notices whose window includes now."""
    from .models import Notice

    now = timezone.now()
    return Notice.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), starts_at__lte=now)


def contact_card_list() -> QuerySet[ContactCard]:
    from .models import ContactCard, OpeningHours

    return ContactCard.objects.prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens"))
    )


def contact_card_footer() -> ContactCard | None:
    return contact_card_list().filter(show_in_footer=True).first()


def faq_topics(*, page: FaqPage) -> list[tuple[str, list[FaqEntry]]]:
    """The page's entries grouped by topic, topics in the order they first appear."""
    groups: dict[str, list[FaqEntry]] = {}
    for entry in page.entries.all():
        groups.setdefault(entry.topic, []).append(entry)
    return list(groups.items())
