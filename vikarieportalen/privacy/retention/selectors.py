"""What has had its time: one query per kind of kept data, given the moment before which it goes.

Each query finds only what may go *now*: a thing still referenced by something kept (a pay line by
a kept export, an audit event by the booking it tells of) is left out until that goes too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sessions.models import Session
from django.db.models import BigIntegerField, Exists, OuterRef, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django_tasks_db.models import DBTaskResult

from vikarieportalen.accounts.models import MobileChange, PasswordResetAttempt, UserSession
from vikarieportalen.accounts.sessions.services import user_sessions_stale
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.certificates.models import OPEN_STATUSES, CertificateOrder
from vikarieportalen.notifications.jobs.task_recovery import task_results_finished_before
from vikarieportalen.notifications.models import PENDING_STATUSES, Message, PushSubscription, Status
from vikarieportalen.payroll.models import ExportBatch, ExportStatus, HourlyWage, TimeTransaction
from vikarieportalen.staffing.models import (
    Booking,
    GroupMessage,
    InboundMessage,
    Offer,
    OfferSend,
    OfferStatus,
    StaffingProposal,
    TimeReport,
    WorkplaceRequest,
    WorkplaceRequestStatus,
)
from vikarieportalen.statistics.models import SubstituteMonthDays, SubstituteMonthMinutes
from vikarieportalen.support.choices import CaseStatus
from vikarieportalen.support.models import StatusPeriod, SupportCase


def sessions_expired(*, before: dt.datetime) -> QuerySet[Session]:
    """Sessions in the database (SESSION_ENGINE db or cached_db) that expired before then."""
    return Session.objects.filter(expire_date__lt=before)


def session_rows_stale(*, before: dt.datetime) -> QuerySet[UserSession]:
    """The list of a user's sessions ("log out everywhere"): rows no longer in use by then."""
    return user_sessions_stale(now=before)


def reset_attempts_expired(*, before: dt.datetime) -> QuerySet[PasswordResetAttempt]:
    return PasswordResetAttempt.objects.filter(expires_at__lt=before)


def mobile_changes_expired(*, before: dt.datetime) -> QuerySet[MobileChange]:
    return MobileChange.objects.filter(expires_at__lt=before)


def task_results_expired(*, before: dt.datetime) -> QuerySet[DBTaskResult[Any, Any]]:
    return task_results_finished_before(moment=before)


def message_bodies_expired(*, before: dt.datetime) -> QuerySet[Message]:
    """Messages done with (not waiting to be sent) created before then whose text is still kept."""
    return (
        Message.objects.filter(created_at__lt=before)
        .exclude(status__in=[*PENDING_STATUSES, Status.WAITING])
        .exclude(text="", redacted_text="")
    )


def staffing_proposals_expired(*, before: dt.datetime) -> QuerySet[StaffingProposal]:
    """Staffing proposals made before then that are no longer solving (their rows go with them)."""
    return StaffingProposal.objects.filter(created_at__lt=before, status__in=["done", "cancelled", "failed"])


def push_subscriptions_expired(*, before: dt.datetime) -> QuerySet[PushSubscription]:
    """Devices that got no push notice since then (or never, turned on before then)."""
    return PushSubscription.objects.filter(
        Q(last_success_at__lt=before) | Q(last_success_at__isnull=True, created_at__lt=before)
    )


def offers_expired(*, before: dt.datetime) -> QuerySet[Offer]:
    """Answered, filled, expired or withdrawn offers made before then (an open one waits)."""
    return Offer.objects.filter(created_at__lt=before).exclude(status=OfferStatus.OPEN)


def offer_sends_expired(*, before: dt.datetime) -> QuerySet[OfferSend]:
    """Send-outs made before then with none of their offers left."""
    return OfferSend.objects.filter(created_at__lt=before).exclude(
        Exists(Offer.objects.filter(send=OuterRef("pk")))
    )


def inbound_texts_expired(*, before: dt.datetime) -> QuerySet[InboundMessage]:
    """Incoming SMS (the staffing centre's inbox) received before then whose text is still kept."""
    return InboundMessage.objects.filter(received_at__lt=before).exclude(text="")


def inbound_messages_expired(*, before: dt.datetime) -> QuerySet[InboundMessage]:
    return InboundMessage.objects.filter(received_at__lt=before)


def group_messages_expired(*, before: dt.datetime) -> QuerySet[GroupMessage]:
    """Group messages (with who got them) sent before then; their replies go by their own rule."""
    return GroupMessage.objects.filter(created_at__lt=before)


def workplace_requests_expired(*, before: dt.datetime) -> QuerySet[WorkplaceRequest]:
    """Decided or withdrawn requests whose last step was before then (an open one waits)."""
    return (
        WorkplaceRequest.objects.exclude(
            status__in=[WorkplaceRequestStatus.SUBMITTED, WorkplaceRequestStatus.FORWARDED]
        )
        .alias(last_step=Coalesce("decided_at", "reviewed_at", "created_at"))
        .filter(last_step__lt=before)
    )


def support_cases_expired(*, before: dt.datetime) -> QuerySet[SupportCase]:
    """Closed cases that were closed before then (a closed case cannot be reopened)."""
    closed_before = StatusPeriod.objects.filter(
        case=OuterRef("pk"), status=CaseStatus.CLOSED, ended_at__isnull=True, started_at__lt=before
    )
    return SupportCase.objects.filter(Exists(closed_before), status=CaseStatus.CLOSED)


# --- accounting records (bokföringslagen): pay lines, exports, approved hours, bookings -----------


def pay_lines_expired(*, before: dt.datetime) -> QuerySet[TimeTransaction]:
    """Pay lines of days before then, unless the export they went out in is younger."""
    return TimeTransaction.objects.filter(starts_at__lt=before).filter(
        Q(batch__isnull=True) | Q(batch__created_at__lt=before)
    )


def export_batches_expired(*, before: dt.datetime) -> QuerySet[ExportBatch]:
    """Finished or failed exports made before then with none of their pay lines left."""
    return (
        ExportBatch.objects.filter(created_at__lt=before)
        .exclude(status=ExportStatus.RUNNING)
        .exclude(Exists(TimeTransaction.objects.filter(batch=OuterRef("pk"))))
    )


def time_reports_expired(*, before: dt.datetime) -> QuerySet[TimeReport]:
    """Approvals of work that ended before then, with none of their pay lines left."""
    return TimeReport.objects.filter(booking__ends_at__lt=before, approved_at__lt=before).exclude(
        Exists(TimeTransaction.objects.filter(report=OuterRef("pk")))
    )


def bookings_expired(*, before: dt.datetime) -> QuerySet[Booking]:
    """Bookings that ended before then, once their approval of worked hours has gone."""
    return Booking.objects.filter(ends_at__lt=before).exclude(
        Exists(TimeReport.objects.filter(booking=OuterRef("pk")))
    )


def statistics_hours_expired(*, before: dt.datetime) -> QuerySet[SubstituteMonthMinutes]:
    """The statistics' booked minutes per substitute and month, for months that ended before then
    (kept as long as the bookings they are summed from)."""
    return SubstituteMonthMinutes.objects.filter(month__lt=before.date().replace(day=1))


def statistics_las_days_expired(*, before: dt.datetime) -> QuerySet[SubstituteMonthDays]:
    """The statistics' LAS days per substitute and month, for months that ended before then (kept as
    long as the bookings they are counted from)."""
    return SubstituteMonthDays.objects.filter(month__lt=before.date().replace(day=1))


def certificates_expired(*, before: dt.datetime) -> QuerySet[CertificateOrder]:
    """Released, rejected or cancelled certificate orders last changed before then."""
    return (
        CertificateOrder.objects.exclude(status__in=OPEN_STATUSES)
        .alias(settled_at=Coalesce("released_at", "updated_at"))
        .filter(settled_at__lt=before)
    )


# --- audit events -------------------------------------------------------------------------------

# The key in an event's details that names the thing it tells of, and that thing's rows (by id).
# An event stays while its thing is kept, however old the event is.
AUDIT_SUBJECTS: dict[str, QuerySet[Any]] = {
    "booking": Booking.objects.all(),
    "report": TimeReport.objects.all(),
    "batch": ExportBatch.objects.all(),
    "offer": Offer.objects.all(),
    "workplace_request": WorkplaceRequest.objects.all(),
    "case": SupportCase.objects.all(),
    "wage": HourlyWage.objects.all(),
}


def audit_events_expired(*, before: dt.datetime) -> QuerySet[AuditEvent]:
    """Events that happened before then and tell of nothing still kept."""
    events = AuditEvent.objects.filter(occurred_at__lt=before)
    for key, things in AUDIT_SUBJECTS.items():
        alias = f"subject_{key}"
        events = events.alias(**{alias: Cast(KeyTextTransform(key, "details"), BigIntegerField())})
        events = events.exclude(Exists(things.filter(pk=OuterRef(alias))))
    # Certificates are named by their number (INT-2026-000123), not their id.
    events = events.alias(subject_certificate=KeyTextTransform("certificate", "details"))
    return events.exclude(Exists(CertificateOrder.objects.filter(number=OuterRef("subject_certificate"))))
