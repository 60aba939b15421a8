"""Group messages: who is in the group (through the pool, availability, LAS and offers selectors),
the list of sent messages and the inbox."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.core.time import clock_text, date_text, day_bounds
from vikarieportalen.staffing.availability.selectors import availability_for_substitutes
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.las.selectors import las_rows_for
from vikarieportalen.staffing.messages.rules import Caps
from vikarieportalen.staffing.models import (
    AreaOfWork,
    GroupMessage,
    GroupMessageRecipient,
    InboundMessage,
    Qualification,
    Shift,
    Workplace,
)
from vikarieportalen.staffing.offers.selectors import offer_candidates_for
from vikarieportalen.staffing.pool.services import substitute_pool_list


@dataclass(frozen=True)
class GroupChoice:
    """The staffing centre's choices; empty ones do not narrow the group."""

    area: str = ""
    workplace: Workplace | None = None  # introduced at this workplace
    qualification: Qualification | None = None  # holds it, valid today
    available_from: dt.datetime | None = None  # marked "can work" for the whole of from…until
    available_until: dt.datetime | None = None
    las_state: str = ""  # las.LasState: the worst rule's state today
    shift: Shift | None = None  # may take this open shift now and was not offered it before

    def describe(self) -> str:
        """The choices in words, in the active language, for the list of sent messages."""
        parts = []
        if self.area:
            parts.append(str(AreaOfWork(self.area).label))
        if self.workplace is not None:
            parts.append(_("introduced at %(workplace)s") % {"workplace": self.workplace.name})
        if self.qualification is not None:
            parts.append(self.qualification.name)
        if self.available_from is not None and self.available_until is not None:
            parts.append(
                _("available %(day)s %(start)s–%(end)s")
                % {
                    "day": date_text(self.available_from, "DAY_FORMAT"),
                    "start": clock_text(self.available_from),
                    "end": clock_text(self.available_until),
                }
            )
        if self.las_state:
            parts.append(_("LAS: %(state)s") % {"state": las.STATE_LABELS[las.LasState(self.las_state)]})
        if self.shift is not None:
            parts.append(
                _("may take the shift %(day)s %(start)s at %(workplace)s")
                % {
                    "day": date_text(self.shift.starts_at, "DAY_FORMAT"),
                    "start": clock_text(self.shift.starts_at),
                    "workplace": self.shift.workplace.name,
                }
            )
        return "; ".join(parts) or _("every substitute")

    @property
    def about(self) -> dt.datetime | None:
        """The moment the message is about, for the urgency rule: the shift, or the time asked for."""
        if self.shift is not None:
            return self.shift.starts_at
        return self.available_from


def group_select(*, choice: GroupChoice, today: dt.date) -> list[User]:
    """The active substitutes with a mobile number in the group, by name."""
    people = list(
        substitute_pool_list(
            area=choice.area, qualification=choice.qualification, workplace=choice.workplace, today=today
        )
        .select_related(None)
        .prefetch_related(None)
        .exclude(mobile="")
    )
    if choice.available_from is not None and choice.available_until is not None:
        start, end = choice.available_from, choice.available_until
        marked = availability_for_substitutes(
            substitute_ids=[user.pk for user in people], starts_at=start, ends_at=end
        )
        people = [user for user in people if marked[user.pk].covers(start, end)]
    if choice.las_state:
        limits = las.LasLimits.from_settings()
        rows = las_rows_for(substitute_ids=[user.pk for user in people], reference=today, limits=limits)
        empty = las.status_for(las.LasCounts(), reference=today, limits=limits)

        def state(user: User) -> str:
            row = rows.get(user.pk)
            return (row.status(reference=today, limits=limits) if row else empty).state

        people = [user for user in people if state(user) == choice.las_state]
    if choice.shift is not None:
        eligible, offered = offer_candidates_for(shift=choice.shift)
        may = {user.pk for user in eligible} - offered
        people = [user for user in people if user.pk in may]
    return people


def caps_from_settings() -> Caps:
    return Caps(
        per_message=settings.GROUP_MESSAGE_MAX_RECIPIENTS,
        per_day=settings.GROUP_MESSAGE_MAX_RECIPIENTS_PER_DAY,
        confirm_above=settings.GROUP_MESSAGE_CONFIRM_ABOVE,
        max_segments=settings.SMS_MAX_SEGMENTS,
    )


def recipients_sent_on(day: dt.date) -> int:
    """Recipients of every group message sent on the local ``day`` (the daily cap counts these)."""
    start, end = day_bounds(day)
    total = GroupMessage.objects.filter(created_at__gte=start, created_at__lt=end).aggregate(
        total=Sum("recipient_count")
    )["total"]
    return int(total or 0)


def group_message_list() -> QuerySet[GroupMessage]:
    return (
        GroupMessage.objects.select_related("created_by", "shift__workplace")
        .annotate(reply_count=Count("replies"))
        .order_by("-created_at", "-pk")
    )


def group_message_replied_to(*, users: list[User], now: dt.datetime) -> GroupMessage | None:
    """The latest group message to one of ``users`` within GROUP_MESSAGE_REPLY_DAYS, or None."""
    since = now - dt.timedelta(days=settings.GROUP_MESSAGE_REPLY_DAYS)
    row = (
        GroupMessageRecipient.objects.filter(substitute__in=users, message__created_at__gte=since)
        .select_related("message")
        .order_by("-message__created_at", "-message_id")
        .first()
    )
    return row.message if row is not None else None


def inbox_list(*, show: str = "open") -> QuerySet[InboundMessage]:
    """Incoming SMS, newest first: ``open`` (not handled), ``handled`` or ``all``."""
    rows = InboundMessage.objects.select_related("sender", "group_message", "handled_by")
    if show == "open":
        rows = rows.filter(handled_at__isnull=True)
    elif show == "handled":
        rows = rows.filter(handled_at__isnull=False)
    return rows.order_by("-received_at", "-pk")
