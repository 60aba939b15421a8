"""Requests to work at more workplaces (*fler arbetsplatser*).

The substitute asks for a workplace, or for any workplace in an area of work; the staffing centre
reviews the request (declines it, or forwards it to a workplace, which it picks when only an area was
named); the workplace's manager approves or declines. Approval adds an ``Introduction`` in the same
transaction. Both steps tell the substitute by SMS (e-mail when there is no mobile number), and a
forwarded request tells the workplace's managers by e-mail.

Pure rules first (plain data in, the reason out), then selectors, then services. Every service is
one transaction, locks the request row before it looks at its status, and is audited
(``StaffingAuditKind.WORKPLACE_REQUEST_CHANGED`` with ``details.change``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.roles import Role
from vikarieportalen.audit.services import audit_record
from vikarieportalen.notifications.services import message_send_email, message_send_sms
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.models import (
    AreaOfWork,
    Introduction,
    SubstituteQualification,
    Workplace,
    WorkplaceRequest,
    WorkplaceRequestStatus,
)

logger = logging.getLogger(__name__)

OPEN_STATUSES = (WorkplaceRequestStatus.SUBMITTED, WorkplaceRequestStatus.FORWARDED)
MAX_OPEN_REQUESTS = 5  # at a time, per substitute: the staffing centre reviews each by hand
NOTE_MAX = 1000  # the model's limit for the message and both notes
CLOSED_ON_SUBSTITUTE_PAGE = 20
QUEUE_LIMIT = 100  # requests a queue lists per section; older ones are rare and reached by address


class RequestRefused(Exception):
    """Nothing was changed; ``message`` says why and ``field`` names the form field, if one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(message)


def area_label(area: str) -> str:
    return str(AreaOfWork(area).label) if area in AreaOfWork.values else area


def request_workplace(request: WorkplaceRequest) -> Workplace:
    """The workplace of a request that has one (forwarded, approved, declined by a manager)."""
    if request.workplace is None:
        raise ValueError(f"workplace request {request.pk} names no workplace")
    return request.workplace


def request_target_label(request: WorkplaceRequest) -> str:
    """What the request asks for: the workplace's name, or "anywhere in <area>"."""
    if request.workplace is not None:
        return request.workplace.name
    return _("Anywhere in %(area)s") % {"area": area_label(request.area).lower()}


# ---------------------------------------------------------------------------------------------
# Pure rules: plain data in, a refusal (or None) out


@dataclass(frozen=True)
class Problem:
    message: str
    field: str | None = None


@dataclass(frozen=True)
class PlaceFacts:
    """What the rules need to know about a workplace."""

    pk: int
    name: str
    area: str
    is_active: bool
    manager_count: int = 0


@dataclass(frozen=True)
class SubstituteFacts:
    """What the rules need to know about the substitute's workplaces and open requests."""

    introduced: frozenset[int]  # workplace ids
    open_workplaces: frozenset[int]  # workplace ids of open requests
    open_areas: frozenset[str]  # areas of open requests that name no workplace
    open_count: int


def new_request_problem(
    *,
    place: PlaceFacts | None,
    area: str,
    facts: SubstituteFacts,
    area_places: Iterable[PlaceFacts] = (),
) -> Problem | None:
    """Why the substitute may not ask for ``place`` (or ``area``) now, or None.

    ``area_places`` are the active workplaces of ``area`` (used only when asking for an area).
    """
    if place is None and not area:
        return Problem(_("Choose a workplace or an area of work."), "workplace")
    if place is not None and area:
        return Problem(_("Choose either a workplace or an area of work, not both."), "area")
    if facts.open_count >= MAX_OPEN_REQUESTS:
        return Problem(
            _(
                "You already have %(count)d requests waiting for an answer. Wait for them, or withdraw "
                "one, before you ask for more."
            )
            % {"count": facts.open_count}
        )
    if place is not None:
        if not place.is_active:
            return Problem(_("%(name)s no longer takes substitutes.") % {"name": place.name}, "workplace")
        if place.pk in facts.introduced:
            return Problem(
                _("You are already introduced at %(name)s and may be booked there.") % {"name": place.name},
                "workplace",
            )
        if place.pk in facts.open_workplaces:
            return Problem(
                _(
                    "You have already asked to work at %(name)s. Wait for the answer, or withdraw that "
                    "request first."
                )
                % {"name": place.name},
                "workplace",
            )
        return None
    if area not in AreaOfWork.values:
        return Problem(_("Choose one of the areas of work in the list."), "area")
    label = area_label(area).lower()
    if area in facts.open_areas:
        return Problem(
            _("You have already asked to work anywhere in %(area)s. Wait for the answer.") % {"area": label},
            "area",
        )
    places = [p for p in area_places if p.is_active and p.area == area]
    if not places:
        return Problem(_("There is no workplace in %(area)s to ask for.") % {"area": label}, "area")
    if all(p.pk in facts.introduced for p in places):
        return Problem(
            _("You are already introduced at every workplace in %(area)s.") % {"area": label}, "area"
        )
    return None


def forward_problem(
    *,
    status: str,
    requested_area: str,
    requested_workplace_id: int | None,
    place: PlaceFacts | None,
    introduced: frozenset[int],
    other_open_workplaces: frozenset[int],
) -> Problem | None:
    """Why the staffing centre may not forward the request to ``place`` now, or None."""
    if status != WorkplaceRequestStatus.SUBMITTED:
        return Problem(already_handled_message(status))
    if place is None:
        return Problem(_("Choose the workplace to send the request to."), "workplace")
    if requested_workplace_id is not None and place.pk != requested_workplace_id:
        return Problem(_("The request names its workplace: it can only be sent there."), "workplace")
    if requested_workplace_id is None and place.area != requested_area:
        return Problem(
            _("Choose a workplace in %(area)s, the area the substitute asked for.")
            % {"area": area_label(requested_area).lower()},
            "workplace",
        )
    if not place.is_active:
        return Problem(_("%(name)s no longer takes substitutes.") % {"name": place.name}, "workplace")
    if place.pk in introduced:
        return Problem(
            _("The substitute is already introduced at %(name)s. Decline the request with a note instead.")
            % {"name": place.name},
            "workplace",
        )
    if place.pk in other_open_workplaces:
        return Problem(
            _("The substitute has another open request for %(name)s.") % {"name": place.name}, "workplace"
        )
    if place.manager_count == 0:
        return Problem(
            _("%(name)s has no manager in the portal to decide. Ask the administrator to add one.")
            % {"name": place.name},
            "workplace",
        )
    return None


def decline_note_problem(*, note: str) -> Problem | None:
    if not note.strip():
        return Problem(_("Write why, for the substitute."), "note")
    if len(note) > NOTE_MAX:
        return Problem(_("Write at most %(count)d characters.") % {"count": NOTE_MAX}, "note")
    return None


def introduced_on_problem(*, introduced_on: dt.date, today: dt.date) -> Problem | None:
    if introduced_on > today:
        return Problem(
            _("The introduction date cannot be in the future. Leave it empty for today."), "introduced_on"
        )
    return None


def already_handled_message(status: str) -> str:
    return _("This request has already been handled: %(status)s.") % {
        "status": str(WorkplaceRequestStatus(status).label).lower()
    }


# ---------------------------------------------------------------------------------------------
# Selectors


def _place_facts(workplace: Workplace, *, manager_count: int = 0) -> PlaceFacts:
    return PlaceFacts(
        pk=workplace.pk,
        name=workplace.name,
        area=workplace.area,
        is_active=workplace.is_active,
        manager_count=manager_count,
    )


def substitute_facts(*, substitute: User, exclude_request_id: int | None = None) -> SubstituteFacts:
    introduced = frozenset(
        Introduction.objects.filter(substitute=substitute).values_list("workplace_id", flat=True)
    )
    open_requests = WorkplaceRequest.objects.filter(substitute=substitute, status__in=OPEN_STATUSES)
    if exclude_request_id is not None:
        open_requests = open_requests.exclude(pk=exclude_request_id)
    rows = list(open_requests.values_list("workplace_id", "area"))
    return SubstituteFacts(
        introduced=introduced,
        open_workplaces=frozenset(wp for wp, _area in rows if wp is not None),
        open_areas=frozenset(area for wp, area in rows if wp is None),
        open_count=len(rows),
    )


@dataclass(frozen=True)
class SubstitutePage:
    introductions: list[Introduction]
    open_requests: list[WorkplaceRequest]
    closed_requests: list[WorkplaceRequest]
    choosable: list[Workplace]  # active workplaces not introduced at and not asked for


def substitute_request_page(*, substitute: User) -> SubstitutePage:
    """The substitute's own page: where they work, their requests and what they may ask for (4 queries)."""
    introductions = list(
        Introduction.objects.filter(substitute=substitute)
        .select_related("workplace")
        .order_by("workplace__name")
    )
    requests = list(
        WorkplaceRequest.objects.filter(substitute=substitute)
        .select_related("workplace")
        .order_by("-created_at", "-pk")
    )
    open_requests = [r for r in requests if r.status in OPEN_STATUSES]
    closed = [r for r in requests if r.status not in OPEN_STATUSES][:CLOSED_ON_SUBSTITUTE_PAGE]
    taken = {i.workplace_id for i in introductions} | {
        r.workplace_id for r in open_requests if r.workplace_id is not None
    }
    choosable = [
        w for w in Workplace.objects.filter(is_active=True).order_by("area", "name") if w.pk not in taken
    ]
    return SubstitutePage(
        introductions=introductions,
        open_requests=open_requests,
        closed_requests=closed,
        choosable=choosable,
    )


def request_get_for_substitute(*, substitute: User, request_id: int) -> WorkplaceRequest:
    """``WorkplaceRequest.DoesNotExist`` for anyone else's request."""
    return WorkplaceRequest.objects.select_related("workplace").get(pk=request_id, substitute=substitute)


def _with_substitute_details(requests: QuerySet[WorkplaceRequest]) -> QuerySet[WorkplaceRequest]:
    """The substitute, their current workplaces and qualifications: three queries for any number."""
    return requests.select_related("workplace", "substitute", "reviewed_by", "decided_by").prefetch_related(
        Prefetch(
            "substitute__introductions",
            queryset=Introduction.objects.select_related("workplace").order_by("workplace__name"),
        ),
        Prefetch(
            "substitute__qualifications_held",
            queryset=SubstituteQualification.objects.select_related("qualification").order_by(
                "qualification__name"
            ),
        ),
    )


@dataclass(frozen=True)
class Queue:
    waiting: list[WorkplaceRequest]  # for this reader to act on, oldest first
    others: list[WorkplaceRequest]  # with someone else, oldest first
    closed: list[WorkplaceRequest]  # recently closed, newest first


def staff_queue() -> Queue:
    """The staffing centre's queue: submitted (oldest first), forwarded, recently closed."""
    base = _with_substitute_details(WorkplaceRequest.objects.all())
    return Queue(
        waiting=list(
            base.filter(status=WorkplaceRequestStatus.SUBMITTED).order_by("created_at", "pk")[:QUEUE_LIMIT]
        ),
        others=list(
            WorkplaceRequest.objects.filter(status=WorkplaceRequestStatus.FORWARDED)
            .select_related("workplace", "substitute")
            .order_by("reviewed_at", "pk")[:QUEUE_LIMIT]
        ),
        closed=list(
            WorkplaceRequest.objects.exclude(status__in=OPEN_STATUSES)
            .select_related("workplace", "substitute")
            .order_by("-created_at", "-pk")[:25]
        ),
    )


def request_get_for_staff(*, request_id: int) -> WorkplaceRequest:
    return _with_substitute_details(WorkplaceRequest.objects.filter(pk=request_id)).get()


def user_decides_for_every_workplace(*, user: User) -> bool:
    """Administrators may decide for any workplace (a manager away); the staffing centre may not:
    the manager's word is the second step."""
    return user.is_superuser or Role.ADMINISTRATOR in user.roles()


def _for_manager(user: User) -> QuerySet[WorkplaceRequest]:
    requests = WorkplaceRequest.objects.all()
    if not user_decides_for_every_workplace(user=user):
        requests = requests.filter(workplace__managers=user)
    return requests


def manager_queue(*, user: User) -> Queue:
    """Forwarded requests for the manager's workplaces (oldest first) and the ones decided lately."""
    mine = _for_manager(user)
    return Queue(
        waiting=list(
            _with_substitute_details(mine.filter(status=WorkplaceRequestStatus.FORWARDED)).order_by(
                "reviewed_at", "pk"
            )[:QUEUE_LIMIT]
        ),
        others=[],
        closed=list(
            mine.filter(decided_at__isnull=False)
            .select_related("workplace", "substitute")
            .order_by("-decided_at", "-pk")[:25]
        ),
    )


def request_get_for_manager(*, user: User, request_id: int) -> WorkplaceRequest:
    """A request for one of the manager's workplaces, forwarded or decided; ``DoesNotExist`` (404)
    for another workplace's, and for one still with the staffing centre."""
    return _with_substitute_details(
        _for_manager(user).filter(
            Q(status=WorkplaceRequestStatus.FORWARDED) | Q(decided_at__isnull=False),
            pk=request_id,
            workplace__isnull=False,
        )
    ).get()


def area_workplaces(*, area: str) -> list[Workplace]:
    return list(Workplace.objects.filter(area=area, is_active=True).order_by("name"))


# ---------------------------------------------------------------------------------------------
# Notifications


def request_url(request: WorkplaceRequest) -> str:
    return settings.PUBLIC_URL + reverse("staffing:requests_mine_detail", args=[request.pk])


def _tell_substitute(request: WorkplaceRequest, *, event: str, text: Callable[[], str]) -> None:
    """SMS in the substitute's language (e-mail when there is no mobile number); recorded in this
    transaction, sent after commit. No one else's name, no notes: those are on the request page."""
    substitute = request.substitute
    with translation.override(substitute.language or settings.LANGUAGE_CODE):
        rendered = text()
        subject = _("Your request to work at more workplaces")
    key = f"staffing:workplace-request:{request.pk}:{event}"
    kind = f"workplace_request_{event}"
    try:
        if substitute.mobile:
            message_send_sms(text=rendered, kind=kind, idempotency_key=key, recipient=substitute)
            return
    except ValidationError:
        logger.warning("workplace request %s: no SMS (%s), trying e-mail", request.pk, event, exc_info=True)
    if substitute.email:
        try:
            message_send_email(
                subject=subject, text=rendered, kind=kind, idempotency_key=key, recipient=substitute
            )
            return
        except ValidationError:
            pass
    logger.warning("workplace request %s: the substitute cannot be told (%s)", request.pk, event)


def forwarded_sms_text(*, request: WorkplaceRequest) -> str:
    return _(
        "The staffing centre has sent your request to work at %(workplace)s on to the manager there. "
        "You will hear when they have decided: %(url)s /Vikarieportalen"
    ) % {"workplace": request_workplace(request).name, "url": request_url(request)}


def declined_at_review_sms_text(*, request: WorkplaceRequest) -> str:
    if request.workplace is None:
        return _(
            "The staffing centre has answered your request to work in %(area)s: not this time. "
            "Read why: %(url)s /Vikarieportalen"
        ) % {"area": area_label(request.area).lower(), "url": request_url(request)}
    return _(
        "The staffing centre has answered your request to work at %(workplace)s: not this time. "
        "Read why: %(url)s /Vikarieportalen"
    ) % {"workplace": request.workplace.name, "url": request_url(request)}


def approved_sms_text(*, request: WorkplaceRequest) -> str:
    return _(
        "Approved: you are now introduced at %(workplace)s and may be booked there. %(url)s /Vikarieportalen"
    ) % {"workplace": request_workplace(request).name, "url": request_url(request)}


def declined_by_manager_sms_text(*, request: WorkplaceRequest) -> str:
    return _(
        "The manager at %(workplace)s has answered your request to work there: not this time. "
        "Read why: %(url)s /Vikarieportalen"
    ) % {"workplace": request_workplace(request).name, "url": request_url(request)}


def _tell_managers(request: WorkplaceRequest) -> None:
    """E-mail each manager of the workplace that a request waits for their decision (no names)."""
    workplace = request_workplace(request)
    url = settings.PUBLIC_URL + reverse("staffing:requests_manager_detail", args=[request.pk])
    for manager in workplace.managers.filter(is_active=True).exclude(email=""):
        with translation.override(manager.language or settings.LANGUAGE_CODE):
            subject = _("A substitute asks to work at %(workplace)s") % {"workplace": workplace.name}
            text = _(
                "The staffing centre has sent you a request from a substitute who wants to work at "
                "%(workplace)s. Approve or decline it in Vikarieportalen: %(url)s"
            ) % {"workplace": workplace.name, "url": url}
        try:
            message_send_email(
                subject=subject,
                text=text,
                kind="workplace_request_forwarded_manager",
                idempotency_key=f"staffing:workplace-request:{request.pk}:forwarded:manager:{manager.pk}",
                recipient=manager,
            )
        except ValidationError:
            logger.warning("workplace request %s: manager %s cannot be told", request.pk, manager.pk)


# ---------------------------------------------------------------------------------------------
# Services


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
    message = message.strip()
    if len(message) > NOTE_MAX:
        raise RequestRefused(_("Write at most %(count)d characters.") % {"count": NOTE_MAX}, field="message")
    # Serialise one person's requests, so two tabs cannot both pass the checks below.
    list(User.objects.select_for_update(no_key=True).filter(pk=substitute.pk).values_list("pk", flat=True))
    place = _place_facts(workplace) if workplace is not None else None
    places = (
        [_place_facts(w) for w in Workplace.objects.filter(area=area)] if workplace is None and area else []
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
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise RequestRefused(_("Write at most %(count)d characters.") % {"count": NOTE_MAX}, field="note")
    if workplace is None and request.workplace_id is not None:
        workplace = request.workplace
    place = (
        _place_facts(workplace, manager_count=workplace.managers.filter(is_active=True).count())
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
    _tell_substitute(request, event="forwarded", text=lambda: forwarded_sms_text(request=request))
    _tell_managers(request)
    return request


@transaction.atomic
def workplace_request_decline_review(
    *, request: WorkplaceRequest, note: str, by: User, now: dt.datetime, http: HttpRequest | None = None
) -> WorkplaceRequest:
    """The staffing centre declines at review, with a note the substitute reads on the request page."""
    _require_staff(by)
    request = _lock(request)
    if request.status != WorkplaceRequestStatus.SUBMITTED:
        raise RequestRefused(already_handled_message(request.status))
    _raise(decline_note_problem(note=note))
    request.status = WorkplaceRequestStatus.DECLINED
    request.reviewed_by = by
    request.reviewed_at = now
    request.review_note = note.strip()
    request.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    _audit(request, change="declined_at_review", by=by, http=http)
    _tell_substitute(request, event="declined", text=lambda: declined_at_review_sms_text(request=request))
    return request


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
    request = _lock(request)
    if request.status != WorkplaceRequestStatus.FORWARDED:
        raise RequestRefused(already_handled_message(request.status))
    _require_decider(request, by)
    today = timezone.localdate(now)
    introduced_on = introduced_on or today
    _raise(introduced_on_problem(introduced_on=introduced_on, today=today))
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise RequestRefused(_("Write at most %(count)d characters.") % {"count": NOTE_MAX}, field="note")
    introduction, created = Introduction.objects.get_or_create(
        substitute=request.substitute,
        workplace=request.workplace,
        defaults={"introduced_on": introduced_on, "added_by": by},
    )
    request.status = WorkplaceRequestStatus.APPROVED
    request.decided_by = by
    request.decided_at = now
    request.decision_note = note
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _audit(
        request,
        change="approved",
        by=by,
        http=http,
        introduced_on=introduction.introduced_on.isoformat(),
        already_introduced=not created,
    )
    _tell_substitute(request, event="approved", text=lambda: approved_sms_text(request=request))
    return request, introduction


@transaction.atomic
def workplace_request_decline(
    *, request: WorkplaceRequest, note: str, by: User, now: dt.datetime, http: HttpRequest | None = None
) -> WorkplaceRequest:
    """The manager declines, with a note the substitute reads on the request page."""
    request = _lock(request)
    if request.status != WorkplaceRequestStatus.FORWARDED:
        raise RequestRefused(already_handled_message(request.status))
    _require_decider(request, by)
    _raise(decline_note_problem(note=note))
    request.status = WorkplaceRequestStatus.DECLINED
    request.decided_by = by
    request.decided_at = now
    request.decision_note = note.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _audit(request, change="declined_by_manager", by=by, http=http)
    _tell_substitute(request, event="declined", text=lambda: declined_by_manager_sms_text(request=request))
    return request
