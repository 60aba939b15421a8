"""Pay, certificates and payroll support cases."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from vikarieportalen.accounts.models import User
from vikarieportalen.certificates.models import CertificateOrder
from vikarieportalen.payroll.models import HourlyWage, TimeTransaction
from vikarieportalen.privacy.export.sections.values import choice, day, moment, money
from vikarieportalen.support.choices import MessageKind
from vikarieportalen.support.models import StatusPeriod, SupportCase, SupportMessage


def pay_section(user: User) -> dict[str, Any]:
    """Hourly wages and the pay lines (time transactions) approved hours became."""
    lines = (
        TimeTransaction.objects.filter(substitute=user)
        .select_related("band")
        .order_by("starts_at", "time_code", "pk")
    )
    return {
        "hourly_wages": [
            {"valid_from": day(wage.valid_from), "amount": money(wage.amount)}
            for wage in HourlyWage.objects.filter(substitute=user).order_by("valid_from")
        ],
        "pay_lines": [
            {
                "day": day(line.day),
                "starts_at": moment(line.starts_at),
                "ends_at": moment(line.ends_at),
                "minutes": line.minutes,
                "time_code": line.time_code,
                "supplement": line.band.name if line.band else None,
                "cost_centre": line.cost_centre,
                "rate": money(line.rate),
                "amount": money(line.amount),
                "sent_to_payroll": line.batch_id is not None,
            }
            for line in lines
        ],
    }


def certificates_section(user: User) -> list[dict[str, Any]]:
    """Certificate orders. Left out: the PDF itself (downloaded from Intyg), the verification code
    and HR's internal note (HR gives it out on request, after checking it names nobody else)."""
    orders = (
        CertificateOrder.objects.filter(substitute=user)
        .defer("pdf", "hr_note", "verification_code", "pdf_sha256")
        .order_by("created_at", "pk")
    )
    return [
        {
            "number": order.number,
            **choice(order, "kind"),
            **choice(order, "status"),
            "period_from": day(order.period_from),
            "period_to": day(order.period_to),
            "dates_of_lost_work": order.claimed_dates,
            "purpose": order.purpose,
            "recipient": order.recipient,
            "end_reason": order.end_reason,
            **choice(order, "further_work"),
            "reject_reason": order.reject_reason,
            "ordered_at": moment(order.created_at),
            "signed_at": moment(order.signed_at),
            "released_at": moment(order.released_at),
        }
        for order in orders
    ]


def support_section(user: User) -> list[dict[str, Any]]:
    """Cases asked of payroll, with the messages and files the person sees on the case page.

    Payroll's internal notes are left out, as on that page; who at payroll answered is too.
    """
    visible = SupportMessage.objects.exclude(kind=MessageKind.NOTE).prefetch_related("attachments")
    cases = (
        SupportCase.objects.filter(requester=user)
        .select_related("rating")
        .prefetch_related(
            Prefetch("messages", queryset=visible),
            Prefetch("status_periods", queryset=StatusPeriod.objects.order_by("started_at", "pk")),
        )
        .order_by("created_at", "pk")
    )
    return [_support_case(case) for case in cases]


def _support_message(message: SupportMessage) -> dict[str, Any]:
    return {
        **choice(message, "kind"),
        "written_at": moment(message.created_at),
        "text": message.text,
        "files": [
            {
                "name": attachment.display_name,
                "type": attachment.content_type,
                "bytes": attachment.size,
                "uploaded_at": moment(attachment.created_at),
            }
            for attachment in message.attachments.all()
        ],
    }


def _support_case(case: SupportCase) -> dict[str, Any]:
    rating = getattr(case, "rating", None)
    return {
        "reference": case.reference,
        **choice(case, "topic"),
        "subject": case.subject,
        **choice(case, "status"),
        "opened_at": moment(case.created_at),
        "last_activity_at": moment(case.updated_at),
        "due_at": moment(case.due_at),
        "solved_at": moment(case.solved_at),
        "messages": [_support_message(message) for message in case.messages.all()],
        "status_history": [
            {
                **choice(period, "status"),
                "from": moment(period.started_at),
                "until": moment(period.ended_at),
            }
            for period in case.status_periods.all()
        ],
        "rating": (
            {"score": rating.score, "comment": rating.comment, "rated_at": moment(rating.created_at)}
            if rating is not None
            else None
        ),
    }
