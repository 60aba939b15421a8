"""Staff pages that show other people's personal data: they need a high-assurance login.

One table, ``PERSONAL_DATA_PAGES``, names those pages by URL name (``namespace:name``; ``*`` matches
any run of characters, so ``payroll:*`` is every page of the payroll export). A logged-in member of
staff whose login is only a password is sent to the step-up page (password + SMS code, e-ID or
staff card) before any of them, exactly as substitutes are before their own payroll and certificate
pages (``assurance_required``). ``StaffAssuranceMiddleware`` in ``accounts/middleware.py`` applies
the table to every request, so the views need no decorator of their own.

*Staff* is anyone with a role other than substitute, or Django's ``is_staff``/``is_superuser``: the
rule does not try to guess who a page will let in, so a page that later lets a new role in is still
covered (that person steps up and then gets whatever the page answers). Substitutes are left to the
pages' own checks.

``STAFF_PERSONAL_DATA_ASSURANCE`` (``"high"``, the default) may be ``"low"`` for a demo; the
production settings refuse ``"low"``.

Left out on purpose: the approval of worked hours (``hours:*``), the board, candidates, offers and
LAS lists. They show substitutes' names against shifts and times at the staff member's own
workplaces, which is the daily planning the page exists for, and no identity number, contact
details, pay, cases or certificates.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from vikarieportalen.core.roles import Role

if TYPE_CHECKING:
    from vikarieportalen.accounts.models import User


@dataclass(frozen=True)
class PersonalDataPage:
    pattern: str  # a URL name, "namespace:name"; "*" matches any characters
    shows: str  # whose data, and what: for the reader of this table and docs/deployment.md


PERSONAL_DATA_PAGES: tuple[PersonalDataPage, ...] = (
    # Fråga lönesupport: payroll's queue, a case with its notes, ratings, and the attached files.
    PersonalDataPage("support:queue", "substitutes' payroll questions"),
    PersonalDataPage("support:ratings", "ratings of answered cases, per case"),
    PersonalDataPage("support:staff_*", "a substitute's case: pay, hours, messages, notes"),
    PersonalDataPage("support:attachment", "files a substitute attached (payslips, schedules)"),
    # Certificates: HR's queue, an order, its preview and the signed PDF.
    PersonalDataPage("certificates:queue", "substitutes' certificate orders"),
    PersonalDataPage("certificates:staff_*", "a certificate: identity number, employment, hours"),
    # The payroll export (PAXml/CSV): every substitute's time transactions and identity numbers.
    PersonalDataPage("payroll:*", "time transactions and identity numbers for the payroll system"),
    # The audit log: who did what to whom.
    PersonalDataPage("audit:*", "every person's logins and the reading of their data"),
    # HR: registering substitutes one by one or from a file, resending activation.
    PersonalDataPage("accounts:hr_*", "identity numbers, mobile numbers and e-mail of new substitutes"),
    # HR: a substitute's engagement, and ending it (privacy.leavers).
    PersonalDataPage("leavers:*", "substitutes' contact details, bookings and the end of their engagement"),
    # The staffing centre's pool: every substitute's profile, qualifications and availability.
    PersonalDataPage("staffing:pool*", "substitutes' contact details, qualifications, availability"),
    # Group messages and the SMS inbox: who got a message, and replies with their mobile numbers.
    PersonalDataPage("staffing:group_*", "recipients of group messages; incoming SMS with numbers and texts"),
    # The outbox: every SMS and e-mail with its recipient's name, mobile number or address.
    PersonalDataPage("notifications:*", "recipients' names, mobile numbers and e-mail addresses"),
    # Django's admin (every table) and Wagtail's user and group administration.
    PersonalDataPage("admin:*", "every table, users included"),
    PersonalDataPage("wagtailusers_users:*", "every user account"),
    PersonalDataPage("wagtailusers_groups:*", "who holds which role"),
    # Who is free: every substitute's availability and bookings, by name (staffing.overview).
    PersonalDataPage("staffing:overview*", "substitutes' names, availability and bookings per day"),
)

# Pages a pattern above matches that must stay open: leaving the admin needs no strong login.
OPEN_PAGES: frozenset[str] = frozenset({"admin:logout"})

STAFF_ROLES: frozenset[Role] = frozenset(Role) - {Role.SUBSTITUTE}


def page_shows_personal_data(view_name: str) -> bool:
    """Is the page with this URL name (``namespace:name``) in the table, and not kept open?"""
    if not view_name or view_name in OPEN_PAGES:
        return False
    return any(fnmatchcase(view_name, page.pattern) for page in PERSONAL_DATA_PAGES)


def user_is_staff(user: User) -> bool:
    """Someone who works for the municipality in the portal: any role but substitute, or admin."""
    if user.is_staff or user.is_superuser:
        return True
    return any(role in STAFF_ROLES for role in user.roles())
