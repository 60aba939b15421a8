"""What the person did in the portal as staff or editor: counts, and the pages they answer for.

Only counts: those records (a booking someone made, a case someone answered) are about other
people and are given out in full only by HR, on request, after weighing the others' rights.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.db.models import Q
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Comment, Page, PageLogEntry, Revision

from vikarieportalen.accounts.models import User
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.certificates.models import CertificateOrder
from vikarieportalen.core.pages import StewardedPage
from vikarieportalen.feedback.models import PageFeedback
from vikarieportalen.payroll.models import ExportBatch, HourlyWage
from vikarieportalen.privacy.export.sections.values import day
from vikarieportalen.staffing.models import (
    AvailabilityPeriod,
    Booking,
    Introduction,
    OfferSend,
    Shift,
    SubstituteQualification,
    TimeReport,
    WeeklyAvailability,
    WorkplaceRequest,
)
from vikarieportalen.support.choices import MessageKind
from vikarieportalen.support.models import SupportCase, SupportMessage


def staff_work_section(user: User) -> dict[str, Any]:
    others_availability = AvailabilityPeriod.objects.filter(created_by=user).exclude(substitute=user).count()
    others_availability += WeeklyAvailability.objects.filter(created_by=user).exclude(substitute=user).count()
    counts = {
        "shifts_registered": Shift.objects.filter(created_by=user).count(),
        "bookings_made": Booking.objects.filter(created_by=user).exclude(substitute=user).count(),
        "bookings_cancelled": Booking.objects.filter(cancelled_by=user).exclude(substitute=user).count(),
        "offer_send_outs": OfferSend.objects.filter(created_by=user).count(),
        "availability_entered_for_others": others_availability,
        "qualifications_added": SubstituteQualification.objects.filter(added_by=user).count(),
        "introductions_added": Introduction.objects.filter(added_by=user).count(),
        "workplace_requests_handled": WorkplaceRequest.objects.filter(
            Q(reviewed_by=user) | Q(decided_by=user)
        ).count(),
        "hours_approved": TimeReport.objects.filter(approved_by=user).count(),
        "hourly_wages_set": HourlyWage.objects.filter(created_by=user).count(),
        "payroll_exports": ExportBatch.objects.filter(created_by=user).count(),
        "certificates_signed": CertificateOrder.objects.filter(signed_by=user).count(),
        "support_cases_handled": SupportCase.objects.filter(assignee=user).count(),
        "support_answers_and_notes": SupportMessage.objects.filter(author=user)
        .exclude(kind=MessageKind.SUBSTITUTE)
        .count(),
        "page_feedback_handled": PageFeedback.objects.filter(handled_by=user).count(),
        "audit_events_about_others": AuditEvent.objects.filter(actor=user).exclude(user=user).count(),
        "pages_created": Page.objects.filter(owner=user).count(),
        "page_revisions": Revision.objects.filter(user=user).count(),
        "page_history_entries": PageLogEntry.objects.filter(user=user).count(),
        "page_comments": Comment.objects.filter(user=user).count(),
        "images_uploaded": Image.objects.filter(uploaded_by_user=user).count(),
        "documents_uploaded": Document.objects.filter(uploaded_by_user=user).count(),
        "admin_changes": LogEntry.objects.filter(user=user).count(),
    }
    return {"counts": counts, "pages_responsible_for": _pages_responsible_for(user)}


def _pages_responsible_for(user: User) -> list[dict[str, Any]]:
    """Content pages that name the person as responsible (one query per kind of page, one for titles)."""
    review_by: dict[int, Any] = {}
    for model in apps.get_models():
        if issubclass(model, StewardedPage):
            review_by.update(model._default_manager.filter(page_owner=user).values_list("pk", "review_by"))
    pages = Page.objects.filter(pk__in=review_by).order_by("title", "pk").values_list("pk", "title")
    return [{"title": title, "review_by": day(review_by[pk])} for pk, title in pages]
