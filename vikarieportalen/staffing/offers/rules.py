"""Offers (förfrågan): pure rules, no database.

- the number in "JA 4711" (``code_allocate``) and the secret of the short link (``token_make``);
- reading an SMS reply (``reply_parse``): "JA 4711", "ja4711", "Nej 4711", "yes 4711", and
  what it answers (``answer_units``: one offer, or all the shifts of a series offer);
- when an offer stops being open (``offer_expiry``);
- the municipality's rule of thumb, offer or direct booking (``offer_or_direct``);
- when the next automatic round goes out (``next_round_at``);
- what the staffing centre is told about each offer SMS (``sms_delivery``, ``sms_summary``) and
  whether a failed one may be sent again (``sms_resend_refusal``).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from vikarieportalen.core.time import STOCKHOLM, minutes_between
from vikarieportalen.notifications.rules import DELIVERY_REPORT_FAILED

CODE_DIGITS = 4
TOKEN_BYTES = 9  # 12 URL-safe characters, 72 random bits: the link also needs the substitute's login

ACCEPT_WORDS = frozenset({"ja", "j", "yes", "y", "ok"})
DECLINE_WORDS = frozenset({"nej", "n", "no"})
_REPLY = re.compile(r"^\s*([a-zåäö]+)\s*[:#.,-]?\s*(\d{1,8})?\s*[.!]*\s*$", re.IGNORECASE)


class Answer(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"


@dataclass(frozen=True)
class Reply:
    """A substitute's SMS answer: accept or decline, and the offer's number (None when left out)."""

    answer: Answer
    code: str | None


def reply_parse(text: str) -> Reply | None:
    """Read "JA 4711", "ja4711", "Nej 4711", "YES 4711" or a bare "JA"; None for anything else."""
    match = _REPLY.match(text.replace("\u00a0", " "))
    if match is None:
        return None
    word, code = match.group(1).casefold(), match.group(2)
    if word in ACCEPT_WORDS:
        return Reply(Answer.ACCEPT, code)
    if word in DECLINE_WORDS:
        return Reply(Answer.DECLINE, code)
    return None


def answer_units(offers: Iterable[tuple[int, str]]) -> set[str]:
    """What an SMS answer could mean, from the (id, series key) of the open offers it matches: one
    offer, or one series offer (whose offers share a key and a number, and are answered together).
    More than one unit: the answer is ambiguous."""
    return {series_key or f"#{pk}" for pk, series_key in offers}


def code_allocate(*, taken: Collection[str], pick: Callable[[int], int] = secrets.randbelow) -> str:
    """A four-digit number (1000–9999) not in ``taken`` (the open offers of everyone on that mobile).

    Random, so a number says nothing about how many offers exist; when nearly all four-digit
    numbers are taken (never in practice) it grows a digit.
    """
    digits = CODE_DIGITS
    while True:
        low, high = 10 ** (digits - 1), 10**digits
        free = high - low - sum(1 for code in taken if len(code) == digits)
        if free > 0:
            for _attempt in range(50):
                code = str(low + pick(high - low))
                if code not in taken:
                    return code
            for number in range(low, high):  # crowded: take the first free one
                if str(number) not in taken:
                    return str(number)
        digits += 1


def token_make() -> str:
    """The secret part of the short link /f/<token>/."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def offer_expiry(*, shift_starts_at: dt.datetime, answer_by: dt.datetime | None) -> dt.datetime:
    """An offer is open until ``answer_by`` (if given) and never after the shift starts."""
    if answer_by is None or answer_by > shift_starts_at:
        return shift_starts_at
    return answer_by


def answer_by_check(*, answer_by: dt.datetime | None, now: dt.datetime) -> str | None:
    """A code for why ``answer_by`` is unusable ("past"), or None when it is fine (None: until start)."""
    if answer_by is not None and answer_by <= now:
        return "past"
    return None


class Route(StrEnum):
    OFFER = "offer"
    DIRECT = "direct"


@dataclass(frozen=True)
class RouteSettings:
    """The municipality's rule of thumb (settings OFFER_SAME_DAY_AS_OFFER, OFFER_SHORT_SHIFT_MINUTES)."""

    same_day_as_offer: bool = True
    short_shift_minutes: int = 240  # shifts shorter than this go as offers; 0: no such rule


def offer_or_direct(
    *, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime, settings: RouteSettings
) -> Route:
    """Whether a shift should go out as an offer or be booked directly, by the rule of thumb:
    same-day shifts (the local date it starts is today) and short shifts go as offers."""
    if (
        settings.same_day_as_offer
        and starts_at.astimezone(STOCKHOLM).date() <= now.astimezone(STOCKHOLM).date()
    ):
        return Route.OFFER
    minutes = minutes_between(starts_at, ends_at)
    if settings.short_shift_minutes and minutes < settings.short_shift_minutes:
        return Route.OFFER
    return Route.DIRECT


def next_round_at(
    *, last_round_at: dt.datetime, round_minutes: int, latest_start: dt.datetime
) -> dt.datetime | None:
    """When the next automatic round goes out, or None when it would come after every shift started."""
    moment = last_round_at + dt.timedelta(minutes=round_minutes)
    return moment if moment < latest_start else None


# --- what became of each offer SMS ---------------------------------------------------------------


class SmsState(StrEnum):
    """An offer SMS as the staffing centre reads it (the outbox's statuses, folded)."""

    NONE = "none"  # nothing recorded: no usable mobile number
    QUEUED = "queued"  # waiting for a worker, or being sent
    HELD = "held"  # waiting for quiet hours to end
    SENT = "sent"  # the gateway took it; no delivery report yet
    DELIVERED = "delivered"
    FAILED = "failed"  # failed for good, or refused by the sending limit


# The outbox's status (notifications.models.Status) → the state shown.
_OUTBOX_STATES = {
    "queued": SmsState.QUEUED,
    "sending": SmsState.QUEUED,
    "held": SmsState.HELD,
    "sent": SmsState.SENT,
    "delivered": SmsState.DELIVERED,
    "failed": SmsState.FAILED,
    "refused": SmsState.FAILED,
}
# How long after a send a delivery report is still looked for (the page keeps polling).
REPORT_WINDOW = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class SmsDelivery:
    state: SmsState
    final: bool  # nothing more will change by itself: the page may stop asking
    held_until: dt.datetime | None = None
    reason: str = ""  # why it failed, as the gateway or the outbox recorded it

    @property
    def undelivered(self) -> bool:
        """Failed because the delivery report said the phone was never reached (not a technical error)."""
        return self.reason == DELIVERY_REPORT_FAILED


def sms_delivery(
    *,
    status: str | None,
    next_attempt_at: dt.datetime | None,
    sent_at: dt.datetime | None,
    last_error: str,
    now: dt.datetime,
) -> SmsDelivery:
    """What became of one offer SMS, from its outbox row (``status`` None: there is none).

    Queued and held messages move on by themselves; a sent one may still get its delivery report
    for ``REPORT_WINDOW``; delivered, failed and "no SMS" are final.
    """
    if status is None:
        return SmsDelivery(SmsState.NONE, final=True)
    state = _OUTBOX_STATES.get(status, SmsState.QUEUED)
    if state == SmsState.HELD:
        return SmsDelivery(state, final=False, held_until=next_attempt_at)
    if state == SmsState.FAILED:
        return SmsDelivery(state, final=True, reason=last_error)
    if state == SmsState.SENT:
        return SmsDelivery(state, final=sent_at is None or sent_at + REPORT_WINDOW <= now)
    return SmsDelivery(state, final=state == SmsState.DELIVERED)


@dataclass(frozen=True)
class SmsSummary:
    total: int
    counts: dict[SmsState, int]
    held_until: dt.datetime | None  # when the last held SMS goes
    final: bool

    @property
    def all_delivered(self) -> bool:
        """The only case in which the page may say that everyone got the SMS."""
        return self.total > 0 and self.counts.get(SmsState.DELIVERED, 0) == self.total

    def count(self, state: SmsState) -> int:
        return self.counts.get(state, 0)


def sms_summary(deliveries: Iterable[SmsDelivery]) -> SmsSummary:
    """The counts per state of a send-out's (or a shift's) offer SMS, for a truthful summary."""
    items = list(deliveries)
    held = [item.held_until for item in items if item.state == SmsState.HELD and item.held_until]
    return SmsSummary(
        total=len(items),
        counts=dict(Counter(item.state for item in items)),
        held_until=max(held, default=None),
        final=all(item.final for item in items),
    )


def offer_answer_state(*, status: str, expires_at: dt.datetime, now: dt.datetime) -> str:
    """The offer's answer as a page says it: its status, and an open offer past its time is expired."""
    if status == "open" and expires_at <= now:
        return "expired"
    return status


def sms_resend_refusal(*, answer_state: str, sms: SmsState) -> str | None:
    """Why an offer SMS may not be sent again ("not_open", "no_sms", "not_failed"), or None.

    Only a failed SMS of an offer still open: an answered or closed offer needs no SMS, and one on
    its way would reach the person twice.
    """
    if answer_state != "open":
        return "not_open"
    if sms == SmsState.NONE:
        return "no_sms"
    if sms != SmsState.FAILED:
        return "not_failed"
    return None
