"""Reads of the payroll support desk. What the substitute may see is decided here, in the query."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import unescape
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import STOCKHOLM, day_start
from vikarieportalen.support.choices import MessageKind
from vikarieportalen.support.models import (
    StatusPeriod,
    SupportAttachment,
    SupportCase,
    SupportMessage,
    SupportRating,
)
from vikarieportalen.support.rules import Duration, Period, clock_seconds, duration_of

if TYPE_CHECKING:
    from vikarieportalen.intranet.models import ContactCard, FaqEntry


def user_is_support_staff(user: object) -> bool:
    has_role = getattr(user, "has_role", None)
    return bool(has_role and (has_role(Role.PAYROLL) or has_role(Role.ADMINISTRATOR)))


# ---------------------------------------------------------------------------------------------
# The substitute's side


def case_list_for_requester(*, requester: User) -> QuerySet[SupportCase]:
    return SupportCase.objects.filter(requester=requester).order_by("-created_at", "-pk")


def case_get_for_requester(*, requester: User, case_id: int) -> SupportCase:
    """The requester's own case; SupportCase.DoesNotExist for anyone else's (the view says 404)."""
    return (
        SupportCase.objects.select_related("rating")
        .prefetch_related(
            Prefetch(
                "messages",
                # Internal notes never leave the database for the substitute's pages.
                queryset=SupportMessage.objects.exclude(kind=MessageKind.NOTE)
                .select_related("author")
                .prefetch_related("attachments"),
                to_attr="visible_messages",
            )
        )
        .get(pk=case_id, requester=requester)
    )


# ---------------------------------------------------------------------------------------------
# Payroll's side


def staff_list() -> QuerySet[User]:
    """People who may handle cases: payroll and administrators."""
    return (
        User.objects.filter(
            Q(groups__name__in=[Role.PAYROLL.value, Role.ADMINISTRATOR.value]) | Q(is_superuser=True),
            is_active=True,
        )
        .distinct()
        .order_by("family_name", "preferred_given_name")
    )


QUEUE_SORTS = {
    "due": ("due_at", "created_at", "pk"),
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
}


def case_queue(
    *,
    status: str = "",
    topic: str = "",
    assignee: str = "",
    me: User | None = None,
    sort: str = "due",
    open_only: bool = False,
) -> QuerySet[SupportCase]:
    """Cases for payroll, filtered; ``assignee`` is "me", "none" or a user id. Due time first,
    cases with a stopped clock (no due time) after those with one."""
    cases = SupportCase.objects.select_related("requester", "assignee").prefetch_related(
        Prefetch("status_periods", queryset=StatusPeriod.objects.order_by("started_at", "pk"))
    )
    if status:
        cases = cases.filter(status=status)
    elif open_only:
        cases = cases.exclude(status__in=["solved", "closed"])
    if topic:
        cases = cases.filter(topic=topic)
    if assignee == "me" and me is not None:
        cases = cases.filter(assignee=me)
    elif assignee == "none":
        cases = cases.filter(assignee__isnull=True)
    elif assignee.isdigit():
        cases = cases.filter(assignee_id=int(assignee))
    if sort == "due":
        return cases.order_by(F("due_at").asc(nulls_last=True), "created_at", "pk")
    return cases.order_by(*QUEUE_SORTS.get(sort, QUEUE_SORTS["newest"]))


def case_get_for_staff(*, case_id: int) -> SupportCase:
    return (
        SupportCase.objects.select_related("requester", "assignee", "rating", "rating__handled_by")
        .prefetch_related(
            Prefetch(
                "messages",
                queryset=SupportMessage.objects.select_related("author").prefetch_related("attachments"),
            ),
            Prefetch("status_periods", queryset=StatusPeriod.objects.order_by("started_at", "pk")),
            "events__actor",
        )
        .get(pk=case_id)
    )


def case_clock(*, case: SupportCase, now: dt.datetime | None = None) -> Duration:
    """The business time the case has waited for payroll (uses prefetched status periods)."""
    periods = [
        Period(status=p.status, started_at=p.started_at, ended_at=p.ended_at)
        for p in case.status_periods.all()
    ]
    return duration_of(clock_seconds(periods, now=now or timezone.now()))


# ---------------------------------------------------------------------------------------------
# Attachments


def attachment_get_for(*, user: User, attachment_id: int) -> SupportAttachment:
    """An attachment the user may open: staff any, a substitute those of their own cases.

    Attachments hang only on the substitute's own messages, never on internal notes; the
    filter says so anyway, so a future change cannot leak a note's file.
    """
    attachments = SupportAttachment.objects.select_related("case", "case__requester")
    if user_is_support_staff(user):
        return attachments.get(pk=attachment_id)
    return attachments.exclude(message__kind=MessageKind.NOTE).get(pk=attachment_id, case__requester=user)


# ---------------------------------------------------------------------------------------------
# Ratings


@dataclass(frozen=True)
class RatingRow:
    label: str
    count: int
    average: float | None


def ratings_in(
    *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[SupportRating]:
    ratings = SupportRating.objects.all()
    if date_from:
        ratings = ratings.filter(created_at__gte=day_start(date_from))
    if date_to:
        ratings = ratings.filter(created_at__lt=day_start(date_to + dt.timedelta(days=1)))
    return ratings


def rating_summary(*, date_from: dt.date | None = None, date_to: dt.date | None = None) -> dict[str, object]:
    """Average and count overall, per month and per staff member who answered, in the period."""
    ratings = ratings_in(date_from=date_from, date_to=date_to)
    overall = ratings.aggregate(count=Count("pk"), average=Avg("score"))
    by_month = (
        ratings.annotate(month=TruncMonth("created_at", tzinfo=STOCKHOLM))
        .values("month")
        .annotate(count=Count("pk"), average=Avg("score"))
        .order_by("-month")
    )
    by_staff = (
        ratings.values("handled_by", "handled_by__preferred_given_name", "handled_by__family_name")
        .annotate(count=Count("pk"), average=Avg("score"))
        .order_by("handled_by__family_name", "handled_by__preferred_given_name")
    )
    return {
        "overall": overall,
        "by_month": list(by_month),
        "by_staff": [
            RatingRow(
                label=" ".join(
                    part
                    for part in (row["handled_by__preferred_given_name"], row["handled_by__family_name"])
                    if part
                ),
                count=row["count"],
                average=row["average"],
            )
            for row in by_staff
        ],
        "latest": list(ratings.select_related("case", "handled_by").order_by("-created_at")[:20]),
    }


# ---------------------------------------------------------------------------------------------
# From the intranet: FAQ answers that match what the substitute types, and payroll's phone hours

_WORD = re.compile(r"\w{3,}", re.UNICODE)
# Short Swedish and English words that match nearly every answer.
_STOP_WORDS_TEXT = (
    "och att det som för jag har min mitt mina inte kan hur vad när med den ett till från fick får "
    "the and for have has not can how what when with that this from"
)
_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split(" "))
SUGGESTION_LIMIT = 5
SUGGESTION_QUERY_MAX = 300


def suggestion_words(text: str) -> list[str]:
    """The distinct useful words of what was typed, at most eight, in the order typed."""
    words: list[str] = []
    for word in _WORD.findall(text[:SUGGESTION_QUERY_MAX].lower()):
        if word not in _STOP_WORDS and word not in words and not word.isdigit():
            words.append(word)
    return words[:8]


def faq_suggestions(*, text: str, limit: int = SUGGESTION_LIMIT) -> list[FaqEntry]:
    """FAQ entries of live FAQ pages that share words with ``text``, best match first.

    A question matching counts double an answer matching. Pages in the current language are
    preferred when the intranet has them; one query whatever the number of entries.
    """
    from vikarieportalen.intranet.models import FaqEntry

    words = suggestion_words(text)
    if not words:
        return []
    matches = Q()
    for word in words:
        matches |= Q(question__icontains=word) | Q(answer__icontains=word)
    candidates = list(
        FaqEntry.objects.filter(matches, page__live=True).select_related("page", "page__locale")[:100]
    )
    language = translation.get_language() or settings.LANGUAGE_CODE
    in_language = [entry for entry in candidates if entry.page.locale.language_code == language]
    pool = in_language or candidates

    def score(entry: FaqEntry) -> int:
        question, answer = entry.question.lower(), entry.answer.lower()
        return sum(2 * (word in question) + (word in answer) for word in words)

    chosen = sorted(pool, key=lambda entry: (-score(entry), entry.sort_order or 0))[:limit]
    for entry in chosen:
        entry.snippet = answer_snippet(entry.answer)
    return chosen


def answer_snippet(html: str, *, words: int = 24) -> str:
    """The start of an answer as plain text (escaped again when shown); block ends keep a space."""
    text = " ".join(unescape(strip_tags(html.replace("<", " <"))).split())
    return Truncator(text).words(words)


def faq_page_url() -> str:
    """The address of the FAQ page, for the plain link beside the suggestions ("" when none)."""
    from vikarieportalen.intranet.models import FaqPage

    page = FaqPage.objects.live().first()
    return page.url or "" if page is not None else ""


def payroll_contact() -> ContactCard | None:
    """The payroll centre's contact card (named by SUPPORT_CONTACT_NAME) with its opening hours."""
    from vikarieportalen.intranet.selectors import contact_card_list

    return contact_card_list().filter(name=settings.SUPPORT_CONTACT_NAME).first()
