"""The retention policy: what the portal keeps, for how long, why, and how it goes when its time is up.

One list, read in order by the purge (``services.purge_expired_data``) and by docs/privacy.md. The
order is the order of deletion: a thing that keeps another (a pay line keeps its export, an export
its approval of hours, that its booking) comes first, and the audit events come last, so an event
goes in the same run as the thing it tells of. The periods are settings (``RETENTION_*``), in days.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models

from vikarieportalen.privacy.leavers.rules import anonymise_due_before
from vikarieportalen.privacy.leavers.selectors import leavers_ended_before
from vikarieportalen.privacy.leavers.services import leaver_anonymise
from vikarieportalen.privacy.retention import selectors
from vikarieportalen.privacy.retention.rules import accounting_cutoff, cutoff
from vikarieportalen.support.models import SupportAttachment, private_storage

logger = logging.getLogger(__name__)


def _delete(rows: models.QuerySet[Any], *, now: dt.datetime) -> int:
    """Delete the rows (and what cascades from them); returns how many of the rows themselves went."""
    _total, by_model = rows.delete()
    return by_model.get(rows.model._meta.label, 0)


def _blank_bodies(rows: models.QuerySet[Any], *, now: dt.datetime) -> int:
    """Keep the outbox row (who, when, which kind, what happened) and drop what it said."""
    return rows.update(text="", redacted_text="")


def _blank_inbound_texts(rows: models.QuerySet[Any], *, now: dt.datetime) -> int:
    """Keep the inbox row (from whom, when, which group message it answered) and drop what it said."""
    return rows.update(text="")


def _delete_with_files(rows: models.QuerySet[Any], *, now: dt.datetime) -> int:
    """Delete support cases and, first, their attachments' files in private storage.

    Files first: if the run stops between the two, the next run finds the same expired cases and
    finishes (deleting a file that is already gone is no error), and no file is left without a case.
    """
    storage = private_storage()
    for name in SupportAttachment.objects.filter(case__in=rows).values_list("file", flat=True):
        if name:
            storage.delete(name)
    return _delete(rows, now=now)


def _anonymise(rows: models.QuerySet[Any], *, now: dt.datetime) -> int:
    """Anonymise each leaver (privacy.leavers): the account row and its employee number stay."""
    return sum(leaver_anonymise(user, now=now) for user in rows)


@dataclass(frozen=True)
class Rule:
    kind: str
    setting: str  # the period, in days
    reason: str  # why it is kept that long (docs/privacy.md says the same at more length)
    expired: Callable[..., models.QuerySet[Any]]  # selectors.<kind>_expired(before=…)
    purge: Callable[..., int] = _delete  # purge(rows, now=…): how many went
    accounting: bool = False  # counted from the end of the calendar year (bokföringslagen)
    in_years: bool = False  # the setting counts whole calendar years, not days

    @property
    def days(self) -> int:
        """The period: days, or whole years when ``in_years``."""
        return int(getattr(settings, self.setting))

    def before(self, now: dt.datetime) -> dt.datetime:
        """What happened before this moment has had its time."""
        if self.in_years:
            return anonymise_due_before(now=now, years=self.days)
        if self.accounting:
            return accounting_cutoff(now=now, days=self.days)
        return cutoff(now=now, days=self.days)


_SESSIONS = "RETENTION_EXPIRED_SESSIONS_AND_CODES_DAYS"
_SESSIONS_REASON = "Only needed while valid; a day's grace lets a login or reset in progress finish."
_ACCOUNTING = "RETENTION_ACCOUNTING_DAYS"
_ACCOUNTING_REASON = (
    "Accounting records: bokföringslagen 7 kap. 2 § keeps them seven years after the end of their year."
)

RULES: list[Rule] = [
    Rule("sessions", _SESSIONS, _SESSIONS_REASON, selectors.sessions_expired),
    Rule("session_list", _SESSIONS, _SESSIONS_REASON, selectors.session_rows_stale),
    Rule("password_reset_codes", _SESSIONS, _SESSIONS_REASON, selectors.reset_attempts_expired),
    Rule("mobile_change_codes", _SESSIONS, _SESSIONS_REASON, selectors.mobile_changes_expired),
    Rule(
        "task_results",
        "TASKS_KEEP_FINISHED_DAYS",
        "Only for finding faults in background work.",
        selectors.task_results_expired,
    ),
    Rule(
        "message_bodies",
        "RETENTION_MESSAGE_BODIES_DAYS",
        "The text is needed only while someone may ask what a message said; "
        "the outbox row (to whom, when, what happened) stays.",
        selectors.message_bodies_expired,
        purge=_blank_bodies,
    ),
    Rule(
        "push_subscriptions",
        "RETENTION_PUSH_SUBSCRIPTIONS_DAYS",
        "A device that has not received a push notice for this long is likely gone; "
        "turned on again, it is stored anew.",
        selectors.push_subscriptions_expired,
    ),
    Rule(
        "offers",
        "RETENTION_OFFERS_DAYS",
        "Who was offered which shift, for questions about fair distribution and LAS priority.",
        selectors.offers_expired,
    ),
    Rule(
        "offer_sends",
        "RETENTION_OFFERS_DAYS",
        "A send-out goes once none of its offers is left.",
        selectors.offer_sends_expired,
    ),
    Rule(
        "inbound_sms_texts",
        "RETENTION_INBOUND_TEXTS_DAYS",
        "What a substitute wrote to the staffing centre is needed while someone may follow it up; "
        "like the outbox, the text goes first and the row (from whom, when) stays.",
        selectors.inbound_texts_expired,
        purge=_blank_inbound_texts,
    ),
    Rule(
        "inbound_sms",
        "RETENTION_INBOUND_MESSAGES_DAYS",
        "Who wrote when, and to which group message, for questions about how a shift was filled.",
        selectors.inbound_messages_expired,
    ),
    Rule(
        "group_messages",
        "RETENTION_INBOUND_MESSAGES_DAYS",
        "Who got a group message, for questions about who was asked; kept as long as the replies.",
        selectors.group_messages_expired,
    ),
    Rule(
        "staffing_proposals",
        "RETENTION_STAFFING_PROPOSALS_DAYS",
        "A proposal is a working document for the days it covers; what was confirmed is kept as "
        "bookings and offers, under their own rules.",
        selectors.staffing_proposals_expired,
    ),
    Rule(
        "workplace_requests",
        "RETENTION_WORKPLACE_REQUESTS_DAYS",
        "The history of where a substitute asked to work, for follow-up questions.",
        selectors.workplace_requests_expired,
    ),
    Rule(
        "support_cases",
        "RETENTION_SUPPORT_CASES_DAYS",
        "Pay questions come back; two years after closing covers the usual limit for pay claims "
        "in the collective agreements.",
        selectors.support_cases_expired,
        purge=_delete_with_files,
    ),
    Rule("pay_lines", _ACCOUNTING, _ACCOUNTING_REASON, selectors.pay_lines_expired, accounting=True),
    Rule(
        "export_batches", _ACCOUNTING, _ACCOUNTING_REASON, selectors.export_batches_expired, accounting=True
    ),
    Rule("approved_hours", _ACCOUNTING, _ACCOUNTING_REASON, selectors.time_reports_expired, accounting=True),
    Rule("bookings", _ACCOUNTING, _ACCOUNTING_REASON, selectors.bookings_expired, accounting=True),
    Rule(
        "statistics_hours",
        _ACCOUNTING,
        "Booked minutes per substitute and month for the statistics' hours per substitute, summed from "
        "the bookings: kept as long as they are.",
        selectors.statistics_hours_expired,
        accounting=True,
    ),
    Rule(
        "statistics_las_days",
        _ACCOUNTING,
        "LAS days per substitute and month for the statistics' LAS section, counted from the bookings: "
        "kept as long as they are.",
        selectors.statistics_las_days_expired,
        accounting=True,
    ),
    Rule("certificates", _ACCOUNTING, _ACCOUNTING_REASON, selectors.certificates_expired, accounting=True),
    # After the accounting rules, which may free what a leaver's account still holds, and before
    # the audit events.
    Rule(
        "leavers_anonymised",
        "RETENTION_LEAVER_YEARS",
        "Name, identity number, mobile, e-mail and login methods of a person whose engagement ended "
        "are needed only for questions soon after; the employee number stays with the pay lines.",
        lambda *, before: leavers_ended_before(before),
        purge=_anonymise,
        in_years=True,
    ),
    Rule(
        "audit_events",
        "RETENTION_AUDIT_EVENTS_DAYS",
        "Who did what and when, to answer for access to personal data; kept as long as the thing "
        "an event tells of is kept.",
        selectors.audit_events_expired,
    ),
]
