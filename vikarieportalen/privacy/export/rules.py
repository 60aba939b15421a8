"""Pure rules of a person's own data export: the sections, the file name, and the page's summary.

The summary is read from the export itself, so the page shows exactly what the file holds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from vikarieportalen.accounts.login.assurance import Method
from vikarieportalen.accounts.rules import mask_personal_identity_number
from vikarieportalen.core.time import clock_text, date_text, duration_text
from vikarieportalen.notifications.phone import format_mobile_number

# The file says what it is, so a later change of shape can be told apart.
EXPORT_FORMAT = "vikarieportalen-personal-data/1"

# The sections, in the order of the page and the file. The keys are the file's and never change.
SECTION_HEADINGS: dict[str, Promise] = {
    "account": gettext_lazy("Account"),
    "login_methods": gettext_lazy("Login methods and sessions"),
    "workplaces": gettext_lazy("Workplaces and qualifications"),
    "bookings": gettext_lazy("Bookings"),
    "availability": gettext_lazy("Availability"),
    "offers": gettext_lazy("Offers and your answers"),
    "inbound_sms": gettext_lazy("SMS you sent to the staffing centre"),
    "workplace_requests": gettext_lazy("Requests to work at more workplaces"),
    "hours": gettext_lazy("Approved hours"),
    "pay": gettext_lazy("Wages and pay lines"),
    "certificates": gettext_lazy("Certificates"),
    "support": gettext_lazy("Payroll support cases"),
    "messages": gettext_lazy("SMS and e-mail sent to you"),
    "push_notices": gettext_lazy("Push notices: your devices and choices"),
    "trainings": gettext_lazy("Trainings"),
    "audit_events": gettext_lazy("Audit log about you"),
    "staff_work": gettext_lazy("Your work as staff or editor"),
}

# What the export leaves out on purpose, said in the file and on the page.
LEFT_OUT: tuple[Promise, ...] = (
    gettext_lazy(
        "Secrets: your password and earlier passwords (stored only as hashes), codes sent by SMS, "
        "the links in offers and e-mails, and the address of your calendar feed."
    ),
    gettext_lazy(
        "The text of SMS and e-mail sent to you: they may hold codes. When, where and what kind are included."
    ),
    gettext_lazy(
        "Who among the staff did something about you, and staff's internal notes (payroll support, "
        "certificates, the staffing centre): they are about other people too. HR gives them out on request."
    ),
    gettext_lazy("Certificate PDFs and attached files: download them from their own pages."),
)

METHOD_LABELS: dict[Method, Promise] = {
    Method.PASSWORD: gettext_lazy("Password"),
    Method.PASSWORD_SMS: gettext_lazy("Password and SMS code"),
    Method.EID: gettext_lazy("E-ID (BankID, Freja)"),
    Method.STAFF_CARD: gettext_lazy("Staff card"),
}


def export_filename(*, username: str, on: dt.date) -> str:
    """``personuppgifter-ANAN8704-2026-12-09.json``. Usernames are letters, digits and hyphens."""
    safe = "".join(c for c in username if c.isalnum() or c in "-_") or "konto"
    return f"personuppgifter-{safe}-{on.isoformat()}.json"


# The page's summary ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionSummary:
    key: str
    heading: str
    count: int | None  # records in the section; None where its facts say it better (the account)
    facts: list[tuple[str, str]] = field(default_factory=list)


# A section's record count (None: the facts say it better) and its facts, (label, text).
Facts = tuple[int | None, list[tuple[str, str]]]


def _english() -> bool:
    return (get_language() or "sv").startswith("en")


def _day_text(value: str | None) -> str:
    """An ISO date or moment from the file as "9 dec 2026" (sv) or "9 Dec 2026" (en)."""
    if not value:
        return "–"
    # The first ten characters are the local date, of a date and of a moment alike.
    return date_text(dt.date.fromisoformat(value[:10]), "SHORT_DATE_FORMAT")


def _moment_text(value: str | None) -> str:
    """An ISO moment from the file as "9 dec 2026 13.30"."""
    if not value:
        return "–"
    return f"{_day_text(value)} {clock_text(dt.datetime.fromisoformat(value))}"


def _money_text(value: Decimal) -> str:
    amount = number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    return _("%(amount)s kr") % {"amount": amount}


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _tally(rows: list[dict[str, Any]], field_name: str) -> str:
    """ "Booked 3, Cancelled 1": how many rows have each label of a coded field, most first."""
    counts = Counter(row[f"{field_name}_label"] for row in rows)
    return ", ".join(f"{label} {count}" for label, count in counts.most_common()) or "–"


def _account(data: dict[str, Any]) -> Facts:
    name = f"{data['preferred_given_name']} {data['family_name']}".strip()
    masked_pin = mask_personal_identity_number(data["personal_identity_number"] or "")
    return None, [
        (_("Name"), name),
        (_("Username"), data["username"]),
        (_("Personal identity number"), masked_pin or "–"),
        (_("Mobile number"), format_mobile_number(data["mobile"]) or _("Not given")),
        (_("E-mail"), data["email"] or _("Not given")),
        (_("Roles"), ", ".join(role["role_label"] for role in data["roles"]) or _("None")),
        (_("Account created"), _day_text(data["date_joined"])),
    ]


def _login_methods(data: dict[str, Any]) -> Facts:
    methods = [m["method_label"] for m in data["methods"] if m["available"]]
    return None, [
        (_("Ways to log in"), ", ".join(methods) or _("None")),
        (_("Password changed"), _day_text(data["password"]["changed_at"])),
        (_("Sessions"), str(len(data["sessions"]))),
        (_("Password resets"), str(len(data["password_resets"]))),
        (_("Changes of mobile number"), str(len(data["mobile_changes"]))),
    ]


def _workplaces(data: dict[str, Any]) -> Facts:
    facts = [
        (_("Qualifications"), ", ".join(q["qualification"] for q in data["qualifications"]) or _("None")),
        (_("Introduced at"), ", ".join(i["workplace"] for i in data["introductions"]) or _("None")),
    ]
    if data["managed_workplaces"]:
        facts.append((_("Workplaces you manage"), ", ".join(data["managed_workplaces"])))
    if data["profile"] is not None:
        facts.append((_("Calendar feed"), _yes_no(data["profile"]["calendar_feed_on"])))
    return None, facts


def _bookings(rows: list[dict[str, Any]]) -> Facts:
    if not rows:
        return 0, []
    return len(rows), [
        (_("Status"), _tally(rows, "status")),
        (_("First"), _day_text(rows[0]["starts_at"])),
        (_("Last"), _day_text(rows[-1]["starts_at"])),
    ]


def _availability(data: dict[str, Any]) -> Facts:
    return len(data["periods"]) + len(data["weekly"]), [
        (_("Periods"), str(len(data["periods"]))),
        (_("Weekly patterns"), str(len(data["weekly"]))),
    ]


def _by_status(rows: list[dict[str, Any]]) -> Facts:
    return len(rows), [(_("Status"), _tally(rows, "status"))] if rows else []


def _hours(rows: list[dict[str, Any]]) -> Facts:
    if not rows:
        return 0, []
    return len(rows), [
        (_("Status"), _tally(rows, "status")),
        (_("Time worked"), duration_text(sum(row["work_minutes"] for row in rows))),
    ]


def _pay(data: dict[str, Any]) -> Facts:
    wages, lines = data["hourly_wages"], data["pay_lines"]
    facts = []
    if wages:
        facts.append((_("Hourly wage"), _money_text(Decimal(wages[-1]["amount"]))))
    if lines:
        facts.append((_("Pay lines"), str(len(lines))))
        facts.append((_("Total"), _money_text(sum((Decimal(line["amount"]) for line in lines), Decimal(0)))))
    return len(lines), facts


def _support(rows: list[dict[str, Any]]) -> Facts:
    if not rows:
        return 0, []
    messages = [message for case in rows for message in case["messages"]]
    return len(rows), [
        (_("Status"), _tally(rows, "status")),
        (_("Messages"), str(len(messages))),
        (_("Files"), str(sum(len(message["files"]) for message in messages))),
    ]


def _messages(rows: list[dict[str, Any]]) -> Facts:
    if not rows:
        return 0, []
    return len(rows), [
        (_("Kind"), _tally(rows, "channel")),
        (_("Latest"), _moment_text(max(row["created_at"] for row in rows))),
    ]


def _inbound_sms(rows: list[dict[str, Any]]) -> Facts:
    if not rows:
        return 0, []
    return len(rows), [(_("Latest"), _moment_text(max(row["received_at"] for row in rows)))]


def _push_notices(data: dict[str, Any]) -> Facts:
    devices = data["devices"]
    facts = (
        [(_("Devices"), ", ".join(d["device"] or _("Unnamed device") for d in devices))] if devices else []
    )
    if data["choices"]:
        facts.append(
            (_("Choices"), ", ".join(f"{c['category_label']}: {c['channel_label']}" for c in data["choices"]))
        )
    return len(devices), facts


def _trainings(rows: list[dict[str, Any]]) -> Facts:
    return len(rows), [(_("Completed"), ", ".join(row["course"] for row in rows))] if rows else []


def _audit_events(rows: list[dict[str, Any]]) -> Facts:
    if not rows:
        return 0, []
    return len(rows), [(_("Latest"), _moment_text(max(row["occurred_at"] for row in rows)))]


def _staff_work(data: dict[str, Any]) -> Facts:
    total = sum(data["counts"].values())
    facts = [(_("Records"), str(total))] if total else []
    if data["pages_responsible_for"]:
        titles = ", ".join(page["title"] for page in data["pages_responsible_for"])
        facts.append((_("Pages you are responsible for"), titles))
    return None, facts


_SUMMARIES: dict[str, Callable[[Any], Facts]] = {
    "account": _account,
    "login_methods": _login_methods,
    "workplaces": _workplaces,
    "bookings": _bookings,
    "availability": _availability,
    "offers": _by_status,
    "inbound_sms": _inbound_sms,
    "workplace_requests": _by_status,
    "hours": _hours,
    "pay": _pay,
    "certificates": _by_status,
    "support": _support,
    "messages": _messages,
    "push_notices": _push_notices,
    "trainings": _trainings,
    "audit_events": _audit_events,
    "staff_work": _staff_work,
}


def export_summary(export: dict[str, Any]) -> list[SectionSummary]:
    """Each section of an export as its heading, how many records it holds and its main facts."""
    summaries = []
    for key, section in export["sections"].items():
        count, facts = _SUMMARIES[key](section["data"])
        summaries.append(SectionSummary(key=key, heading=section["heading"], count=count, facts=facts))
    return summaries
