"""A person's own data (GDPR art. 15), gathered from every app into one JSON-ready dictionary.

``personal_data_export`` is the one reader: the page *Mina personuppgifter* summarises it, its
download and ``manage.py personal_data_export`` write it as JSON. Every model that points at the
user model, or holds a person's data, was gone through (``manage.py shell``: every relation to
``AUTH_USER_MODEL``); each is below, included or left out with the reason.

Included (section key: what)

- ``account``: ``accounts.User`` (names, date of birth, identity number in full, employee number,
  e-mail, mobile, language, roles, active, dates), Wagtail's ``UserProfile`` (editor settings).
- ``login_methods``: which methods the account can use; the password's dates and those of earlier
  passwords (``PasswordHistory``), ``UserSession``, ``PasswordResetAttempt`` (also those for the
  username that found no account to send to), ``MobileChange``.
- ``workplaces``: ``SubstituteProfile``, ``SubstituteQualification``, ``Introduction``, the
  workplaces managed (``Workplace.managers``).
- ``bookings``: ``Booking``. ``availability``: ``AvailabilityPeriod``, ``WeeklyAvailability``.
- ``offers``: ``Offer`` with its shift and the send-out's message (``OfferSend``).
- ``inbound_sms``: ``InboundMessage`` whose sender is the person (the staffing centre's SMS
  inbox): when, from which number, the text while it is kept, the group message answered, handled.
- ``workplace_requests``: ``WorkplaceRequest`` with both notes. ``hours``: ``TimeReport``.
- ``pay``: ``HourlyWage``, ``TimeTransaction``. ``certificates``: ``CertificateOrder``.
- ``support``: ``SupportCase`` with ``SupportMessage``, ``SupportAttachment`` (name, type, size),
  ``StatusPeriod``, ``SupportRating``.
- ``messages``: ``notifications.Message`` to the person: channel, address, kind, subject, status, times.
- ``trainings``: ``CourseCompletion``. ``audit_events``: ``AuditEvent`` whose ``user`` is the person.
- ``staff_work``: counts of what the person did as staff or editor (shifts, bookings, offers,
  approvals, wages, exports, certificates signed, support answers, feedback handled, audit events
  about others, Wagtail pages, revisions, log entries, comments, images, documents, Django admin
  log) and the content pages naming them responsible (``StewardedPage.page_owner``).

Left out, on purpose

- Secrets: ``User.password``, ``PasswordHistory.password``, the code hashes and salts of
  ``PasswordResetAttempt`` and ``MobileChange``, ``Offer.token`` and ``Offer.code`` (the reply
  code), ``SubstituteProfile.calendar_token``, ``UserSession.session_key``, the certificate's
  verification code, ``Message.text``/``redacted_text`` (an SMS may carry a login code; the
  metadata is included), Wagtail's ``APIToken``.
- Other people: who among the staff made, approved, signed, answered or changed something
  (``created_by``, ``approved_by``, ``signed_by``, ``assignee``, ``actor``, the inbox's
  ``handled_by`` …), a shift's note (it may name the absent employee), ``SupportCase`` events
  (they name staff).
- Internal notes, which the person's own pages do not show either: payroll's support notes,
  ``CertificateOrder.hr_note``, ``SubstituteProfile.note``. HR gives them out on request, after
  checking them for other people's data (docs/privacy.md).
- Files: the certificate PDF and support attachments' contents (each has its own download page).
- An inbox SMS without a sender (its number was shared by several active users when it came): it
  may be someone else's.
- Derived from included data: the statistics' ``SubstituteMonthMinutes`` and
  ``SubstituteMonthDays`` (booked minutes and LAS days per month, summed from the bookings above).
- Not about a person: ``PageFeedback`` (anonymous by design: no user, no address), shifts,
  workplaces, agreements, bands, pages. Held outside the database: the session store, the cache's
  throttle counters, the task queue's rows (ids only), the web server's logs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from vikarieportalen.accounts.models import User
from vikarieportalen.privacy.export.rules import EXPORT_FORMAT, LEFT_OUT, SECTION_HEADINGS
from vikarieportalen.privacy.export.sections.account import (
    account_section,
    audit_events_section,
    login_methods_section,
    messages_section,
    push_notices_section,
)
from vikarieportalen.privacy.export.sections.pay import certificates_section, pay_section, support_section
from vikarieportalen.privacy.export.sections.staff import staff_work_section
from vikarieportalen.privacy.export.sections.values import moment
from vikarieportalen.privacy.export.sections.work import (
    availability_section,
    bookings_section,
    hours_section,
    inbound_sms_section,
    offers_section,
    trainings_section,
    workplace_requests_section,
    workplaces_section,
)

_READERS: dict[str, Callable[[User], Any]] = {
    "account": account_section,
    "login_methods": login_methods_section,
    "workplaces": workplaces_section,
    "bookings": bookings_section,
    "availability": availability_section,
    "offers": offers_section,
    "inbound_sms": inbound_sms_section,
    "workplace_requests": workplace_requests_section,
    "hours": hours_section,
    "pay": pay_section,
    "certificates": certificates_section,
    "support": support_section,
    "messages": messages_section,
    "push_notices": push_notices_section,
    "trainings": trainings_section,
    "audit_events": audit_events_section,
    "staff_work": staff_work_section,
}


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything the portal holds about ``user``, as JSON types, headings in the active language.

    A fixed number of queries, however much data the person has.
    """
    return {
        "format": EXPORT_FORMAT,
        "exported_at": moment(timezone.now()),
        "language": get_language() or "sv",
        "username": user.username,
        "left_out": [str(text) for text in LEFT_OUT],
        "sections": {
            key: {"heading": str(heading), "data": _READERS[key](user)}
            for key, heading in SECTION_HEADINGS.items()
        },
    }


def profile_personal_data_link(user: User) -> dict[str, str]:
    """The section privacy adds to *Mina uppgifter*: the link to the person's own data."""
    return {"personal_data_url": reverse("privacy:my_data")}
