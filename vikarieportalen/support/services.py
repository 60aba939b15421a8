"""Writes of the payroll support desk. Each function owns its transaction.

Every status change closes the case's current status period and opens the next, so the clock
(rules.clock_seconds) and the stored due time (rules.due_moment) always follow from the periods.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.core.errors import Refused
from vikarieportalen.notifications.services import in_recipient_language, message_send_email, message_send_sms
from vikarieportalen.support.attachments import CheckedFile
from vikarieportalen.support.choices import CaseStatus, EventKind, MessageKind
from vikarieportalen.support.message_kinds import SupportMessageKind
from vikarieportalen.support.models import (
    CaseEvent,
    StatusPeriod,
    SupportAttachment,
    SupportCase,
    SupportMessage,
    SupportRating,
)
from vikarieportalen.support.rules import (
    Period,
    RatingRefusal,
    SubstituteReply,
    due_moment,
    rating_refusal,
    solved_case_is_past_reopening,
    staff_may_set_status,
    status_when_back_with_payroll,
    substitute_reply_effect,
)

logger = logging.getLogger(__name__)


class SupportError(enum.StrEnum):
    CLOSED = "closed"
    TOO_LATE = "too_late"
    NOT_SOLVED = "not_solved"
    ALREADY_RATED = "already_rated"
    STATUS_NOT_ALLOWED = "status_not_allowed"
    NOT_STAFF = "not_staff"


def refusal_text(reason: SupportError) -> str:
    texts = {
        SupportError.CLOSED: _("The case is closed and cannot be changed. Open a new case if you need to."),
        SupportError.TOO_LATE: _(
            "The case was solved more than %(days)s days ago and cannot be reopened. Open a new case instead."
        )
        % {"days": settings.SUPPORT_REOPEN_DAYS},
        SupportError.NOT_SOLVED: _("You can rate the answer once the case is solved."),
        SupportError.ALREADY_RATED: _("You have already rated the answer in this case."),
        SupportError.STATUS_NOT_ALLOWED: _("The case cannot go to that status from its current one."),
        SupportError.NOT_STAFF: _("Only payroll staff handle cases."),
    }
    return str(texts[reason])


class SupportRefused(Refused):
    def __init__(self, reason: SupportError) -> None:
        super().__init__(refusal_text(reason), code=reason.value)
        self.reason = reason


def _due_seconds() -> int:
    return int(settings.SUPPORT_DUE_BUSINESS_HOURS) * 3600


def _locked(case_id: int) -> SupportCase:
    return SupportCase.objects.select_for_update().get(pk=case_id)


def _set_status(case: SupportCase, *, status: CaseStatus, actor: User | None, now: dt.datetime) -> None:
    """Close the current period, open one for ``status``, and recompute the due time."""
    StatusPeriod.objects.filter(case=case, ended_at__isnull=True).update(ended_at=now)
    StatusPeriod.objects.create(case=case, status=status, started_at=now, changed_by=actor)
    periods = [
        Period(status=p.status, started_at=p.started_at, ended_at=p.ended_at)
        for p in StatusPeriod.objects.filter(case=case).order_by("started_at", "pk")
    ]
    previous = case.status
    case.status = status
    case.due_at = due_moment(periods, due_seconds=_due_seconds())
    if status == CaseStatus.SOLVED:
        case.solved_at = now
    elif status != CaseStatus.CLOSED:
        case.solved_at = None  # reopened: the old solution no longer stands
    case.updated_at = now
    case.save(update_fields=["status", "due_at", "solved_at", "updated_at"])
    if previous != status:
        CaseEvent.objects.create(
            case=case,
            kind=EventKind.STATUS_CHANGED,
            actor=actor,
            at=now,
            details={"from": previous, "to": status},
        )


def _store_attachments(
    *, case: SupportCase, message: SupportMessage, files: Sequence[CheckedFile], now: dt.datetime
) -> None:
    stored: list[SupportAttachment] = []
    try:
        for checked in files:
            attachment = SupportAttachment(
                case=case,
                message=message,
                display_name=checked.display_name,
                content_type=checked.content_type,
                size=checked.size,
                created_at=now,
            )
            checked.upload.seek(0)
            attachment.file.save("upload", checked.upload, save=False)
            stored.append(attachment)
            attachment.save()
    except BaseException:
        # The transaction rolls the rows back; the files written so far must go with them.
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name or "")
        raise
    # Stored last in each service, so only a failing commit could leave a file without its row.


@transaction.atomic
def case_open(
    *,
    requester: User,
    topic: str,
    subject: str,
    text: str,
    files: Sequence[CheckedFile] = (),
    now: dt.datetime | None = None,
) -> SupportCase:
    now = now or timezone.now()
    case = SupportCase.objects.create(
        requester=requester, topic=topic, subject=subject.strip(), created_at=now, updated_at=now
    )
    message = SupportMessage.objects.create(
        case=case, kind=MessageKind.SUBSTITUTE, author=requester, text=text.strip(), created_at=now
    )
    StatusPeriod.objects.create(case=case, status=CaseStatus.NEW, started_at=now, changed_by=requester)
    case.due_at = due_moment([Period(status=CaseStatus.NEW, started_at=now)], due_seconds=_due_seconds())
    case.save(update_fields=["due_at"])
    CaseEvent.objects.create(case=case, kind=EventKind.OPENED, actor=requester, at=now)
    _store_attachments(case=case, message=message, files=files, now=now)
    return case


@transaction.atomic
def case_answer_by_substitute(
    *,
    case_id: int,
    requester: User,
    text: str,
    files: Sequence[CheckedFile] = (),
    now: dt.datetime | None = None,
) -> SupportMessage:
    """The substitute writes in their own case; it goes back to payroll, reopening a solved case.

    SupportCase.DoesNotExist when the case is not the requester's (the view answers 404).
    """
    now = now or timezone.now()
    case = SupportCase.objects.select_for_update().get(pk=case_id, requester=requester)
    effect = substitute_reply_effect(
        status=case.status, solved_at=case.solved_at, now=now, reopen_days=settings.SUPPORT_REOPEN_DAYS
    )
    if effect == SubstituteReply.CLOSED:
        raise SupportRefused(SupportError.CLOSED)
    if effect == SubstituteReply.TOO_LATE:
        raise SupportRefused(SupportError.TOO_LATE)
    message = SupportMessage.objects.create(
        case=case, kind=MessageKind.SUBSTITUTE, author=requester, text=text.strip(), created_at=now
    )
    if effect in {SubstituteReply.RESUMES, SubstituteReply.REOPENS}:
        _set_status(
            case,
            status=status_when_back_with_payroll(has_assignee=case.assignee_id is not None),
            actor=requester,
            now=now,
        )
    else:
        case.updated_at = now
        case.save(update_fields=["updated_at"])
    _store_attachments(case=case, message=message, files=files, now=now)
    return message


def _notify_reply(case: SupportCase, message: SupportMessage) -> None:
    """Tell the substitute there is an answer, never what it says: SMS, or e-mail without a mobile."""
    user = case.requester
    with in_recipient_language(user):
        url = settings.PUBLIC_URL + reverse("support:case_detail", kwargs={"case_id": case.pk})
        text = _(
            "Payroll has answered your support case %(reference)s. Log in to Vikarieportalen to read "
            "the answer: %(url)s"
        ) % {"reference": case.reference, "url": url}
        subject = _("An answer to your support case %(reference)s") % {"reference": case.reference}
    key = f"support-reply-{message.pk}"
    try:
        if user.mobile:
            message_send_sms(text=text, kind=SupportMessageKind.REPLY, idempotency_key=key, recipient=user)
            return
    except ValidationError:
        logger.warning("support reply %s: no SMS to %s, trying e-mail", message.pk, user.pk)
    if user.email:
        try:
            message_send_email(
                subject=subject, text=text, kind=SupportMessageKind.REPLY, idempotency_key=key, recipient=user
            )
        except ValidationError:
            logger.warning("support reply %s: the substitute %s cannot be told", message.pk, user.pk)


def _require_staff(user: User) -> None:
    from vikarieportalen.core.roles import Role

    if not (user.has_role(Role.PAYROLL) or user.has_role(Role.ADMINISTRATOR)):
        raise SupportRefused(SupportError.NOT_STAFF)


@transaction.atomic
def case_reply_by_staff(
    *,
    case_id: int,
    staff: User,
    text: str,
    status: CaseStatus = CaseStatus.WAITING,
    notify: bool = True,
    now: dt.datetime | None = None,
) -> SupportMessage:
    """Payroll answers the substitute (who is told, without the content) and sets the next status.

    A case nobody handled yet becomes the replier's.
    """
    _require_staff(staff)
    now = now or timezone.now()
    case = _locked(case_id)
    if case.status == CaseStatus.CLOSED:
        raise SupportRefused(SupportError.CLOSED)
    if status != case.status and not staff_may_set_status(case.status, status):
        raise SupportRefused(SupportError.STATUS_NOT_ALLOWED)
    message = SupportMessage.objects.create(
        case=case, kind=MessageKind.REPLY, author=staff, text=text.strip(), created_at=now
    )
    if case.assignee_id is None:
        _assign(case, assignee=staff, actor=staff, now=now)
    if status != case.status:
        _set_status(case, status=status, actor=staff, now=now)
    else:
        case.updated_at = now
        case.save(update_fields=["updated_at"])
    if notify:
        _notify_reply(case, message)
    return message


@transaction.atomic
def case_note_add(*, case_id: int, staff: User, text: str, now: dt.datetime | None = None) -> SupportMessage:
    """An internal note: for payroll only, never shown to the substitute, nobody is notified."""
    _require_staff(staff)
    now = now or timezone.now()
    case = _locked(case_id)
    return SupportMessage.objects.create(
        case=case, kind=MessageKind.NOTE, author=staff, text=text.strip(), created_at=now
    )


def _assign(case: SupportCase, *, assignee: User | None, actor: User, now: dt.datetime) -> None:
    previous = case.assignee_id
    case.assignee = assignee
    case.updated_at = now
    case.save(update_fields=["assignee", "updated_at"])
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.ASSIGNED,
        actor=actor,
        at=now,
        details={"from": previous, "to": assignee.pk if assignee else None},
    )


@transaction.atomic
def case_assign(
    *, case_id: int, staff: User, assignee: User | None, now: dt.datetime | None = None
) -> SupportCase:
    """Give the case to ``assignee`` (the actor or a colleague), or to nobody; a new case starts."""
    _require_staff(staff)
    if assignee is not None:
        _require_staff(assignee)
    now = now or timezone.now()
    case = _locked(case_id)
    if case.status == CaseStatus.CLOSED:
        raise SupportRefused(SupportError.CLOSED)
    if case.assignee_id != (assignee.pk if assignee else None):
        _assign(case, assignee=assignee, actor=staff, now=now)
    if assignee is not None and case.status == CaseStatus.NEW:
        _set_status(case, status=CaseStatus.IN_PROGRESS, actor=staff, now=now)
    return case


@transaction.atomic
def case_status_set(
    *, case_id: int, staff: User, status: CaseStatus, now: dt.datetime | None = None
) -> SupportCase:
    _require_staff(staff)
    now = now or timezone.now()
    case = _locked(case_id)
    if not staff_may_set_status(case.status, status):
        raise SupportRefused(
            SupportError.CLOSED if case.status == CaseStatus.CLOSED else SupportError.STATUS_NOT_ALLOWED
        )
    _set_status(case, status=status, actor=staff, now=now)
    return case


def _last_staff_replier(case: SupportCase) -> int | None:
    return (
        SupportMessage.objects.filter(case=case, kind=MessageKind.REPLY)
        .order_by("-created_at", "-pk")
        .values_list("author_id", flat=True)
        .first()
    )


@transaction.atomic
def case_rate(
    *, case_id: int, requester: User, score: int, comment: str = "", now: dt.datetime | None = None
) -> SupportRating:
    """The substitute rates the answer of a solved case, once. DoesNotExist when not theirs."""
    now = now or timezone.now()
    case = SupportCase.objects.select_for_update().get(pk=case_id, requester=requester)
    refusal = rating_refusal(
        status=case.status,
        solved_at=case.solved_at,
        already_rated=SupportRating.objects.filter(case=case).exists(),
    )
    if refusal == RatingRefusal.ALREADY_RATED:
        raise SupportRefused(SupportError.ALREADY_RATED)
    if refusal == RatingRefusal.NOT_SOLVED:
        raise SupportRefused(SupportError.NOT_SOLVED)
    if not 1 <= score <= 5:
        raise ValueError("score must be 1–5")
    rating = SupportRating.objects.create(
        case=case,
        score=score,
        comment=comment.strip(),
        handled_by_id=_last_staff_replier(case) or case.assignee_id,
        created_at=now,
    )
    CaseEvent.objects.create(
        case=case, kind=EventKind.RATED, actor=requester, at=now, details={"score": score}
    )
    return rating


def cases_close_solved(*, now: dt.datetime | None = None) -> int:
    """Close solved cases whose reopening window has passed (a scheduled job; idempotent)."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=settings.SUPPORT_REOPEN_DAYS)
    closed = 0
    for case_id in SupportCase.objects.filter(status=CaseStatus.SOLVED, solved_at__lt=limit).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            case = _locked(case_id)
            if case.status != CaseStatus.SOLVED or case.solved_at is None:
                continue
            if solved_case_is_past_reopening(
                solved_at=case.solved_at, now=now, reopen_days=settings.SUPPORT_REOPEN_DAYS
            ):
                _set_status(case, status=CaseStatus.CLOSED, actor=None, now=now)
                closed += 1
    return closed
