"""Requests to work at more workplaces (*fler arbetsplatser*).

The substitute asks for a workplace, or for any workplace in an area of work; the staffing centre
reviews the request (declines it, or forwards it to a workplace, which it picks when only an area was
named); the workplace's manager approves or declines. Approval adds an ``Introduction`` in the same
transaction. Both steps tell the substitute by SMS (e-mail when there is no mobile number), and a
forwarded request tells the workplace's managers by e-mail.

The rules are in ``rules.py``, the reads in ``selectors.py``, the messages in ``notify.py``. Every
service here is one transaction, locks the request row before it looks at its status, and is audited
(``StaffingAuditKind.WORKPLACE_REQUEST_CHANGED`` with ``details.change``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.models import Introduction, Workplace, WorkplaceRequest, WorkplaceRequestStatus
from vikarieportalen.staffing.workplace_requests.notify import (
    approved_sms_text,
    declined_at_review_sms_text,
    declined_by_manager_sms_text,
    forwarded_sms_text,
    managers_tell,
    substitute_tell,
)
from vikarieportalen.staffing.workplace_requests.rules import (
    NOTE_MAX,
    OPEN_STATUSES,
    Problem,
    already_handled_message,
    decline_note_problem,
    forward_problem,
    introduced_on_problem,
    new_request_problem,
    request_workplace,
)
from vikarieportalen.staffing.workplace_requests.selectors import (
    place_facts,
    substitute_facts,
    user_decides_for_every_workplace,
)


class RequestRefused(Refused):
    """Nothing was changed; ``message`` says why and ``field`` names the form field, if one."""


def _audit(
    request: WorkplaceRequest, *, change: str, by: User, http: HttpRequest | None, **details: Any
) -> None:
    audit_record(
        kind=StaffingAuditKind.WORKPLACE_REQUEST_CHANGED,
        user=request.substitute,
        actor=by,
        request=http,
        change=change,
        workplace_request=request.pk,
        workplace=request.workplace.name if request.workplace is not None else None,
        area=request.area or None,
        status=request.status,
        **details,
    )


def _raise(problem: Problem | None) -> None:
    if problem is not None:
        raise RequestRefused(problem.message, field=problem.field)


def _lock(request: WorkplaceRequest) -> WorkplaceRequest:
    """The request row, locked, with what the services read (the status may have moved on)."""
    return (
        WorkplaceRequest.objects.select_for_update(of=("self",))
        .select_related("substitute", "workplace")
        .get(pk=request.pk)
    )


def _lock_while(request: WorkplaceRequest, status: str) -> WorkplaceRequest:
    """The request locked, refused unless it still has ``status`` (someone may have handled it)."""
    request = _lock(request)
    if request.status != status:
        raise RequestRefused(already_handled_message(request.status))
    return request


def _text_checked(text: str, *, field: str) -> str:
    """A message or note, stripped; refused on ``field`` when it is too long."""
    text = text.strip()
    if len(text) > NOTE_MAX:
        raise RequestRefused(_("Write at most %(count)d characters.") % {"count": NOTE_MAX}, field=field)
    return text


@transaction.atomic
def workplace_request_create(
    *,
    substitute: User,
    workplace: Workplace | None,
    area: str,
    message: str,
    http: HttpRequest | None = None,
) -> WorkplaceRequest:
    """The substitute asks to work at ``workplace``, or anywhere in ``area``."""
    if not substitute.has_role(Role.SUBSTITUTE):
        raise RequestRefused(_("Only substitutes ask to work at more workplaces."))
    message = _text_checked(message, field="message")
    # Serialise one person's requests, so two tabs cannot both pass the checks below.
    list(User.objects.select_for_update(no_key=True).filter(pk=substitute.pk).values_list("pk", flat=True))
    place = place_facts(workplace) if workplace is not None else None
    places = (
        [place_facts(w) for w in Workplace.objects.filter(area=area)] if workplace is None and area else []
    )
    _raise(
        new_request_problem(
            place=place, area=area, facts=substitute_facts(substitute=substitute), area_places=places
        )
    )
    try:
        with transaction.atomic():
            created = WorkplaceRequest.objects.create(
                substitute=substitute,
                workplace=workplace,
                area="" if workplace is not None else area,
                message=message,
            )
    except IntegrityError as exc:  # the same request from another tab a moment ago
        raise RequestRefused(
            _("You have already asked for this. Wait for the answer."), field="workplace"
        ) from exc
    _audit(created, change="submitted", by=substitute, http=http)
    return created


@transaction.atomic
def workplace_request_withdraw(
    *, request: WorkplaceRequest, by: User, http: HttpRequest | None = None
) -> WorkplaceRequest:
    """The substitute withdraws their own open request."""
    request = _lock(request)
    if request.substitute_id != by.pk:
        raise RequestRefused(_("Only the substitute who asked may withdraw the request."))
    if request.status not in OPEN_STATUSES:
        raise RequestRefused(already_handled_message(request.status))
    request.status = WorkplaceRequestStatus.WITHDRAWN
    request.save(update_fields=["status"])
    _audit(request, change="withdrawn", by=by, http=http)
    return request


def _require_staff(user: User) -> None:
    if not (user.has_role(Role.STAFFING_CENTRE) or user.has_role(Role.ADMINISTRATOR)):
        raise RequestRefused(_("Only the staffing centre reviews requests."))


@transaction.atomic
def workplace_request_forward(
    *,
    request: WorkplaceRequest,
    workplace: Workplace | None,
    note: str,
    by: User,
    now: dt.datetime,
    http: HttpRequest | None = None,
) -> WorkplaceRequest:
    """The staffing centre sends the request on to ``workplace``'s managers (picked here when the
    request names only an area). The substitute gets an SMS, the managers an e-mail."""
    _require_staff(by)
    request = _lock(request)
    note = _text_checked(note, field="note")
    if workplace is None and request.workplace_id is not None:
        workplace = request.workplace
    place = (
        place_facts(workplace, manager_count=workplace.managers.filter(is_active=True).count())
        if workplace is not None
        else None
    )
    facts = substitute_facts(substitute=request.substitute, exclude_request_id=request.pk)
    _raise(
        forward_problem(
            status=request.status,
            requested_area=request.area,
            requested_workplace_id=request.workplace_id,
            place=place,
            introduced=facts.introduced,
            other_open_workplaces=facts.open_workplaces,
        )
    )
    assert workplace is not None  # noqa: S101 - forward_problem refuses None
    request.workplace = workplace
    request.status = WorkplaceRequestStatus.FORWARDED
    request.reviewed_by = by
    request.reviewed_at = now
    request.review_note = note
    try:
        with transaction.atomic():
            request.save(update_fields=["workplace", "status", "reviewed_by", "reviewed_at", "review_note"])
    except IntegrityError as exc:  # another open request for that workplace appeared meanwhile
        raise RequestRefused(
            _("The substitute has another open request for %(name)s.") % {"name": workplace.name},
            field="workplace",
        ) from exc
    _audit(request, change="forwarded", by=by, http=http)
    substitute_tell(request, event="forwarded", text=lambda: forwarded_sms_text(request=request))
    managers_tell(request)
    return request


@transaction.atomic
def workplace_request_decline_review(
    *, request: WorkplaceRequest, note: str, by: User, now: dt.datetime, http: HttpRequest | None = None
) -> WorkplaceRequest:
    """The staffing centre declines at review, with a note the substitute reads on the request page."""
    _require_staff(by)
    request = _lock_while(request, WorkplaceRequestStatus.SUBMITTED)
    _raise(decline_note_problem(note=note))
    request.status = WorkplaceRequestStatus.DECLINED
    request.reviewed_by = by
    request.reviewed_at = now
    request.review_note = note.strip()
    request.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    _audit(request, change="declined_at_review", by=by, http=http)
    substitute_tell(request, event="declined", text=lambda: declined_at_review_sms_text(request=request))
    return request


def _decision_save(request: WorkplaceRequest, *, status: str, by: User, now: dt.datetime, note: str) -> None:
    """The manager's decision on the request, with their note to the substitute."""
    request.status = status
    request.decided_by = by
    request.decided_at = now
    request.decision_note = note
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])


def _require_decider(request: WorkplaceRequest, user: User) -> None:
    if user_decides_for_every_workplace(user=user):
        return
    if not request_workplace(request).managers.filter(pk=user.pk).exists():
        raise RequestRefused(_("Only the workplace's manager decides."))


@transaction.atomic
def workplace_request_approve(
    *,
    request: WorkplaceRequest,
    introduced_on: dt.date | None,
    note: str,
    by: User,
    now: dt.datetime,
    http: HttpRequest | None = None,
) -> tuple[WorkplaceRequest, Introduction]:
    """The manager approves: the substitute is introduced at the workplace (``introduced_on``, today
    when None) in this same transaction. Someone introduced there meanwhile keeps that introduction."""
    request = _lock_while(request, WorkplaceRequestStatus.FORWARDED)
    _require_decider(request, by)
    today = timezone.localdate(now)
    introduced_on = introduced_on or today
    _raise(introduced_on_problem(introduced_on=introduced_on, today=today))
    note = _text_checked(note, field="note")
    introduction, created = Introduction.objects.get_or_create(
        substitute=request.substitute,
        workplace=request.workplace,
        defaults={"introduced_on": introduced_on, "added_by": by},
    )
    _decision_save(request, status=WorkplaceRequestStatus.APPROVED, by=by, now=now, note=note)
    _audit(
        request,
        change="approved",
        by=by,
        http=http,
        introduced_on=introduction.introduced_on.isoformat(),
        already_introduced=not created,
    )
    substitute_tell(request, event="approved", text=lambda: approved_sms_text(request=request))
    return request, introduction


@transaction.atomic
def workplace_request_decline(
    *, request: WorkplaceRequest, note: str, by: User, now: dt.datetime, http: HttpRequest | None = None
) -> WorkplaceRequest:
    """The manager declines, with a note the substitute reads on the request page."""
    request = _lock_while(request, WorkplaceRequestStatus.FORWARDED)
    _require_decider(request, by)
    _raise(decline_note_problem(note=note))
    _decision_save(request, status=WorkplaceRequestStatus.DECLINED, by=by, now=now, note=note.strip())
    _audit(request, change="declined_by_manager", by=by, http=http)
    substitute_tell(request, event="declined", text=lambda: declined_by_manager_sms_text(request=request))
    return request
