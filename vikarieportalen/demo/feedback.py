"""Demo feedback on the start page and the FAQ, some of it handled. Deterministic and idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from wagtail.models import Page

from vikarieportalen.accounts.models import User
from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.demo.common import EDITOR_EMPLOYEE_NUMBER, Count
from vikarieportalen.feedback.models import PageFeedback

# (helpful, comment, given on, handled on): comment "" = a bare yes or no.
START_PAGE = [
    (True, "", dt.date(2026, 2, 2), None),
    (True, "", dt.date(2026, 2, 3), None),
    (True, "", dt.date(2026, 2, 9), None),
    (True, "Skönt att allt finns på ett ställe nu.", dt.date(2026, 2, 10), None),
    (False, "", dt.date(2026, 2, 12), None),
    (
        False,
        "Driftmeddelandet om Time Care Pool var otydligt – gäller det alla arbetsplatser?",
        dt.date(2026, 2, 16),
        dt.date(2026, 2, 17),
    ),
    (True, "", dt.date(2026, 2, 20), None),
    (False, "Jag vill se mina bokade pass direkt på startsidan.", dt.date(2026, 3, 1), None),
]
FAQ_PAGE = [
    (True, "", dt.date(2026, 2, 4), None),
    (True, "Tack! Nu vet jag hur mitt användarnamn är uppbyggt.", dt.date(2026, 2, 5), None),
    (False, "Länken till Visma går inte att öppna i mobilen.", dt.date(2026, 2, 6), dt.date(2026, 2, 9)),
    (True, "", dt.date(2026, 2, 11), None),
    (False, "", dt.date(2026, 2, 13), None),
    (
        False,
        "Det står inte vad jag ska göra om sms:et med koden aldrig kommer.",
        dt.date(2026, 2, 18),
        None,
    ),
    (False, "Svårt att hitta telefontiderna till lönecentrum.", dt.date(2026, 2, 23), dt.date(2026, 2, 24)),
    (True, "", dt.date(2026, 2, 25), None),
    (True, "", dt.date(2026, 3, 2), None),
]


# (slug, review by): the FAQ is past its date, so the editors' review list has something to show.
REVIEW_DATES = [("vikarieportalen", dt.date(2027, 1, 31)), ("fragor-och-svar", dt.date(2026, 2, 1))]


@transaction.atomic
def demo_feedback_load(*, count: Count) -> None:
    """Feedback on the start page and the FAQ page, once: pages that already have some are left alone.

    Also gives those pages a responsible person and a review date where they have none.
    """
    editor = User.objects.filter(employee_number=EDITOR_EMPLOYEE_NUMBER).first()
    _review_dates(editor, count)
    for slug, answers in (("vikarieportalen", START_PAGE), ("fragor-och-svar", FAQ_PAGE)):
        page = Page.objects.filter(slug=slug).order_by("depth").first()
        if page is None:
            continue
        if PageFeedback.objects.filter(page=page).exists():
            count("page feedback", False)
            continue
        PageFeedback.objects.bulk_create(
            PageFeedback(
                page=page,
                helpful=helpful,
                comment=comment,
                given_on=given_on,
                handled_at=_noon(handled_on),
                handled_by=editor if handled_on else None,
            )
            for helpful, comment, given_on, handled_on in answers
        )
        for _answer in answers:
            count("page feedback", True)


def _review_dates(editor: User | None, count: Count) -> None:
    for slug, review_by in REVIEW_DATES:
        page = Page.objects.filter(slug=slug).order_by("depth").first()
        specific = page.specific if page is not None else None
        if specific is None or not hasattr(specific, "review_by") or specific.review_by is not None:
            continue
        specific.review_by = review_by
        specific.page_owner = editor
        specific.save_revision().publish()
        count("review dates", True)


def _noon(day: dt.date | None) -> dt.datetime | None:
    return None if day is None else dt.datetime.combine(day, dt.time(12), tzinfo=STOCKHOLM)
