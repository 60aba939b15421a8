"""Leavers (GDPR art. 17 within the law): HR ends a substitute's engagement; after the retention
period the person is anonymised while the pay lines stay under the employee number.

Ending (``engagement_end``), in one transaction, idempotent (ending twice changes nothing more):
open offers are withdrawn and bookings not yet started are cancelled through staffing's own
services (so the shifts open again on the board, the person gets the usual SMS and the audit log
the usual rows), the account is closed and stamped with when and by whom, every session ends,
the calendar feed's address stops working, and one audit row sums it up. Refused while a shift
is under way: the shift stays and nothing changes.

Lock order: offers first (send-out → offer, as staffing locks them), then the person's row, then
each booking's shift → booking; a booking or an offer made meanwhile waits for the person's row
and then finds the account closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import MobileChange, PasswordHistory, PasswordResetAttempt, User
from vikarieportalen.accounts.sessions.services import user_sessions_end
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.errors import Refused
from vikarieportalen.notifications.models import NoticePreference, PushSubscription
from vikarieportalen.privacy.audit_kinds import PrivacyAuditKind
from vikarieportalen.privacy.leavers.selectors import (
    leaver_is_due,
    substitutes_missing_from_file,
    user_is_substitute,
)
from vikarieportalen.staffing.booking.facts import time_text
from vikarieportalen.staffing.booking.services import bookings_cancel_for_leaver, user_may_end_engagement
from vikarieportalen.staffing.models import Booking, InboundMessage, SubstituteProfile
from vikarieportalen.staffing.my_shifts.calendar_feed import calendar_token_revoke
from vikarieportalen.staffing.offers.services import offers_withdraw_for_leaver
from vikarieportalen.staffing.selectors import booking_list_running_for

# Refusal codes (``Refused.code``).
NOT_SUBSTITUTE = "not_substitute"
SHIFT_RUNNING = "shift_running"
NOT_ENDED = "not_ended"
NOT_DUE = "not_due"


@dataclass(frozen=True)
class EngagementEnded:
    user: User
    already_ended: bool  # ended before this call: nothing was changed
    bookings_cancelled: tuple[Booking, ...] = ()
    offers_withdrawn: int = 0
    sessions_ended: int = 0


def _running_refusal(user: User, running: list[Booking]) -> Refused:
    booking = running[0]
    return Refused(
        _(
            "%(name)s is working a shift right now, at %(workplace)s until %(end)s. End the "
            "engagement when the shift is over. Nothing has been changed."
        )
        % {
            "name": user.get_full_name(),
            "workplace": booking.workplace.name,
            "end": f"{date_format(timezone.localdate(booking.ends_at), 'j M')} {time_text(booking.ends_at)}",
        },
        code=SHIFT_RUNNING,
    )


def _check(user: User, *, now: dt.datetime) -> None:
    running = booking_list_running_for(substitute=user, now=now)
    if running:
        raise _running_refusal(user, running)


def engagement_end_check(*, user: User, now: dt.datetime) -> None:
    """Refused (with the reason) if ``user``'s engagement cannot be ended now; the dry run's check."""
    if not user_is_substitute(user):
        raise Refused(
            _("%(name)s is not a substitute: only substitutes' engagements are ended here.")
            % {"name": user.get_full_name()},
            code=NOT_SUBSTITUTE,
        )
    if user.engagement_ended_at is None:
        _check(user, now=now)


@transaction.atomic
def engagement_end(
    *,
    user: User,
    by: User | None,
    request: HttpRequest | None = None,
    source: str = "hr",
    now: dt.datetime | None = None,
) -> EngagementEnded:
    """End ``user``'s engagement as a substitute. ``by`` is the HR user; None for the HR import
    run by an operator (``import_substitutes --deactivate-missing``).

    ``Refused`` for someone who is not a substitute and while a shift of theirs is under way;
    ``PermissionDenied`` for anyone but HR or an administrator. Ending an ended engagement returns
    ``already_ended`` and changes nothing.
    """
    if by is not None and not user_may_end_engagement(by):
        raise PermissionDenied("Only HR ends a substitute's engagement.")
    now = now or timezone.now()
    engagement_end_check(user=user, now=now)
    if user.engagement_ended_at is not None:
        return EngagementEnded(user=user, already_ended=True)
    offers = offers_withdraw_for_leaver(substitute=user, by=by)
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.engagement_ended_at is not None:  # ended by a parallel request while we waited
        return EngagementEnded(user=locked, already_ended=True)
    _check(locked, now=now)
    offers += offers_withdraw_for_leaver(substitute=locked, by=by)  # any sent while we waited
    with translation.override(settings.LANGUAGE_CODE):  # stored text, in the portal's language
        cancelled = bookings_cancel_for_leaver(
            substitute=locked, by=by, reason=_("The engagement has ended."), now=now
        )
    locked.is_active = False
    locked.engagement_ended_at = now
    locked.engagement_ended_by = by
    locked.save(update_fields=["is_active", "engagement_ended_at", "engagement_ended_by"])
    sessions = user_sessions_end(user=locked)
    feed_stopped = calendar_token_revoke(substitute=locked)
    audit_record(
        kind=PrivacyAuditKind.ENGAGEMENT_ENDED,
        user=locked,
        actor=by,
        request=request,
        source=source,
        bookings_cancelled=[booking.pk for booking in cancelled],
        offers_withdrawn=[offer.pk for offer in offers],
        sessions_ended=sessions,
        calendar_feed_stopped=feed_stopped,
    )
    return EngagementEnded(
        user=locked,
        already_ended=False,
        bookings_cancelled=tuple(cancelled),
        offers_withdrawn=len(offers),
        sessions_ended=sessions,
    )


@transaction.atomic
def leaver_anonymise(user: User, *, now: dt.datetime) -> bool:
    """Remove a leaver's name, identity number, date of birth, mobile, e-mail and login methods
    (password, identity number for e-ID and staff card, reset codes, number changes), and the SMS
    they sent to the staffing centre's inbox; keep the account row with its employee number, so
    pay lines, bookings and hours stay theirs.

    Only for a leaver due under ``leavers_due_for_anonymisation`` (``Refused`` otherwise, nothing
    changed). Idempotent: returns False, changing nothing, when the person is already anonymised.
    Called by the scheduled purge (privacy.retention).
    """
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.anonymised_at is not None:
        return False
    if locked.engagement_ended_at is None:
        raise Refused(_("Only a person whose engagement has ended is anonymised."), code=NOT_ENDED)
    if not leaver_is_due(user=locked, now=now):
        raise Refused(
            _("The retention period has not passed, or something still needs the person's name."),
            code=NOT_DUE,
        )
    _inbox_clear(locked)
    locked.given_names = ""
    locked.preferred_given_name = ""
    locked.family_name = ""
    locked.date_of_birth = None
    locked.personal_identity_number = None
    locked.mobile = ""
    locked.email = ""
    locked.username = f"ANONYM-{locked.pk}"
    locked.password = make_password(None)
    locked.must_change_password = False
    locked.anonymised_at = now
    locked.save(
        update_fields=[
            "given_names",
            "preferred_given_name",
            "family_name",
            "date_of_birth",
            "personal_identity_number",
            "mobile",
            "email",
            "username",
            "password",
            "must_change_password",
            "anonymised_at",
        ]
    )
    PasswordHistory.objects.filter(user=locked).delete()
    PasswordResetAttempt.objects.filter(user=locked).delete()
    MobileChange.objects.filter(user=locked).delete()
    PushSubscription.objects.filter(user=locked).delete()  # the devices that took push notices
    NoticePreference.objects.filter(user=locked).delete()
    user_sessions_end(user=locked)
    SubstituteProfile.objects.filter(user=locked).update(note="")
    audit_record(
        kind=PrivacyAuditKind.PERSON_ANONYMISED,
        user=locked,
        employee_number=locked.employee_number or "",
    )
    return True


def _inbox_clear(user: User) -> int:
    """Delete the person's SMS in the staffing centre's inbox: those tied to them, and those from
    their number without a sender (it was shared when they came) while nobody else has the number.
    Run before the mobile number is blanked. Returns how many rows went."""
    rows = InboundMessage.objects.filter(sender=user)
    if user.mobile and not User.objects.filter(mobile=user.mobile).exclude(pk=user.pk).exists():
        rows = rows | InboundMessage.objects.filter(sender__isnull=True, sender_number=user.mobile)
    deleted, _per_model = rows.delete()
    return deleted


class MissingOutcome(StrEnum):
    ENDED = "ended"
    WOULD_END = "would_end"  # the dry run
    SKIPPED = "skipped"  # refused now (a shift under way): the message says why
    NO_EMPLOYEE_NUMBER = "no_employee_number"  # the file cannot speak for them: left alone


@dataclass(frozen=True)
class MissingResult:
    user: User
    outcome: MissingOutcome
    message: str = ""


def substitutes_missing_end(
    *, employee_numbers: Iterable[str], dry_run: bool, now: dt.datetime | None = None
) -> list[MissingResult]:
    """End the engagement of every current substitute whose employee number the HR file lacks,
    one transaction each (``import_substitutes --deactivate-missing``). ``dry_run`` changes
    nothing and says what would happen. Someone working a shift right now is skipped, with the
    reason; run the import again after the shift."""
    now = now or timezone.now()
    found = substitutes_missing_from_file(employee_numbers=employee_numbers)
    results = [
        MissingResult(user=user, outcome=MissingOutcome.NO_EMPLOYEE_NUMBER) for user in found.unnumbered
    ]
    for user in found.missing:
        try:
            if dry_run:
                engagement_end_check(user=user, now=now)
            else:
                engagement_end(user=user, by=None, source="import", now=now)
        except Refused as refused:
            results.append(MissingResult(user=user, outcome=MissingOutcome.SKIPPED, message=refused.message))
        else:
            outcome = MissingOutcome.WOULD_END if dry_run else MissingOutcome.ENDED
            results.append(MissingResult(user=user, outcome=outcome))
    return results
