"""The person's work as a substitute: workplaces and qualifications, bookings, availability, offers,
the SMS they sent to the staffing centre's inbox, requests, approved hours and trainings."""

from __future__ import annotations

from typing import Any

from vikarieportalen.accounts.models import User
from vikarieportalen.privacy.export.sections.values import choice, clock, day, moment
from vikarieportalen.staffing.models import (
    AvailabilityPeriod,
    Booking,
    InboundMessage,
    Introduction,
    Offer,
    SubstituteProfile,
    SubstituteQualification,
    TimeReport,
    WeeklyAvailability,
    Workplace,
    WorkplaceRequest,
)
from vikarieportalen.trainings.models import CourseCompletion


def workplaces_section(user: User) -> dict[str, Any]:
    """The staffing profile, qualifications held, workplaces introduced at, workplaces managed.

    The profile's calendar-feed secret is left out: only whether the feed is on, and since when.
    """
    profile = SubstituteProfile.objects.filter(user=user).select_related("agreement").first()
    return {
        "profile": (
            {
                "can_be_booked": profile.is_bookable,
                "collective_agreement": profile.agreement.name if profile.agreement else None,
                "calendar_feed_on": profile.calendar_token is not None,
                "calendar_feed_since": moment(profile.calendar_token_created_at)
                if profile.calendar_token
                else None,
            }
            if profile is not None
            else None
        ),
        "qualifications": [
            {
                "qualification": held.qualification.name,
                "valid_until": day(held.valid_until),
                "added_at": moment(held.created_at),
            }
            for held in SubstituteQualification.objects.filter(substitute=user).select_related(
                "qualification"
            )
        ],
        "introductions": [
            {"workplace": intro.workplace.name, "introduced_on": day(intro.introduced_on)}
            for intro in Introduction.objects.filter(substitute=user)
            .select_related("workplace")
            .order_by("introduced_on", "pk")
        ],
        "managed_workplaces": [
            workplace.name for workplace in Workplace.objects.filter(managers=user).order_by("name")
        ],
    }


def bookings_section(user: User) -> list[dict[str, Any]]:
    """Every booking, cancelled ones too. The shift's note is left out: it may be about the absent
    employee the booking covers, who is someone else."""
    bookings = Booking.objects.filter(substitute=user).select_related("workplace").order_by("starts_at", "pk")
    return [
        {
            "booking": booking.pk,
            "workplace": booking.workplace.name,
            "starts_at": moment(booking.starts_at),
            "ends_at": moment(booking.ends_at),
            "work_minutes": booking.work_minutes,
            **choice(booking, "status"),
            **choice(booking, "source"),
            **choice(booking, "employment_form"),
            "booked_at": moment(booking.created_at),
            "overridden_rules": booking.overridden_rules,
            "override_reason": booking.override_reason,
            "cancelled_at": moment(booking.cancelled_at),
            "cancel_reason": booking.cancel_reason,
        }
        for booking in bookings
    ]


def availability_section(user: User) -> dict[str, Any]:
    return {
        "periods": [
            {
                **choice(period, "kind"),
                "starts_at": moment(period.starts_at),
                "ends_at": moment(period.ends_at),
                "note": period.note,
                "entered_at": moment(period.created_at),
            }
            for period in AvailabilityPeriod.objects.filter(substitute=user).order_by("starts_at", "pk")
        ],
        "weekly": [
            {
                **choice(pattern, "kind"),
                "weekday": pattern.weekday,  # 0 = Monday
                "starts": clock(pattern.starts),
                "ends": clock(pattern.ends),
                "valid_from": day(pattern.valid_from),
                "valid_until": day(pattern.valid_until),
            }
            for pattern in WeeklyAvailability.objects.filter(substitute=user).order_by(
                "weekday", "starts", "pk"
            )
        ],
    }


def offers_section(user: User) -> list[dict[str, Any]]:
    """Shifts offered to the person and their answers. The reply code and link secret are left out."""
    offers = (
        Offer.objects.filter(substitute=user)
        .select_related("shift__workplace", "send")
        .only(
            "shift__starts_at",
            "shift__ends_at",
            "shift__workplace__name",
            "send__message",
            "round",
            "status",
            "created_at",
            "expires_at",
            "responded_at",
            "channel",
            "booking_id",
        )
        .order_by("created_at", "pk")
    )
    return [
        {
            "workplace": offer.shift.workplace.name,
            "shift_starts_at": moment(offer.shift.starts_at),
            "shift_ends_at": moment(offer.shift.ends_at),
            "message": offer.send.message,
            "round": offer.round,
            **choice(offer, "status"),
            "offered_at": moment(offer.created_at),
            "answer_by": moment(offer.expires_at),
            "answered_at": moment(offer.responded_at),
            **choice(offer, "channel"),
            "booking": offer.booking_id,
        }
        for offer in offers
    ]


def inbound_sms_section(user: User) -> list[dict[str, Any]]:
    """The SMS the person sent that the staffing centre's inbox kept (replies to group messages and
    other texts), with what they wrote while the text is kept (``RETENTION_INBOUND_TEXTS_DAYS``).

    Only rows the inbox tied to the person: one from a number several active users shared has no
    sender, and may be someone else's. Who among the staff marked it handled is left out.
    """
    rows = (
        InboundMessage.objects.filter(sender=user)
        .select_related("group_message")
        .only("sender_number", "text", "received_at", "handled_at", "group_message__created_at")
        .order_by("received_at", "pk")
    )
    return [
        {
            "received_at": moment(row.received_at),
            "from_number": row.sender_number,
            "text": row.text,
            "answers_group_message_sent_at": moment(row.group_message.created_at)
            if row.group_message is not None
            else None,
            "handled": row.handled_at is not None,
            "handled_at": moment(row.handled_at),
        }
        for row in rows
    ]


def workplace_requests_section(user: User) -> list[dict[str, Any]]:
    requests = (
        WorkplaceRequest.objects.filter(substitute=user)
        .select_related("workplace")
        .order_by("created_at", "pk")
    )
    return [
        {
            "workplace": request.workplace.name if request.workplace else None,
            **choice(request, "area"),
            "message": request.message,
            **choice(request, "status"),
            "sent_at": moment(request.created_at),
            "reviewed_at": moment(request.reviewed_at),
            "review_note": request.review_note,
            "decided_at": moment(request.decided_at),
            "decision_note": request.decision_note,
        }
        for request in requests
    ]


def hours_section(user: User) -> list[dict[str, Any]]:
    """The approval of worked hours of each booking (who approved is left out: someone else)."""
    reports = (
        TimeReport.objects.filter(booking__substitute=user)
        .select_related("booking__workplace")
        .order_by("booking__starts_at", "pk")
    )
    return [
        {
            "booking": report.booking_id,
            "workplace": report.booking.workplace.name,
            **choice(report, "status"),
            "starts_at": moment(report.starts_at),
            "ends_at": moment(report.ends_at),
            "break_minutes": report.break_minutes,
            "work_minutes": report.work_minutes,
            "note": report.note,
            "approved_at": moment(report.approved_at),
        }
        for report in reports
    ]


def trainings_section(user: User) -> list[dict[str, Any]]:
    return [
        {
            "course": completion.course_title,
            "completed_at": moment(completion.completed_at),
            "right_answers": completion.correct_answers,
            "questions": completion.question_count,
        }
        for completion in CourseCompletion.objects.filter(user=user).order_by("completed_at", "pk")
    ]
