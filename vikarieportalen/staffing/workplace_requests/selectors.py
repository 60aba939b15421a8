"""Requests to work at more workplaces (*fler arbetsplatser*): reads for the substitute, the
staffing centre's queue and the managers' queue (fixed query counts)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.models import (
    Introduction,
    SubstituteQualification,
    Workplace,
    WorkplaceRequest,
    WorkplaceRequestStatus,
)
from vikarieportalen.staffing.selectors import introduction_list_for
from vikarieportalen.staffing.workplace_requests.rules import OPEN_STATUSES, PlaceFacts, SubstituteFacts

CLOSED_ON_SUBSTITUTE_PAGE = 20
QUEUE_LIMIT = 100  # requests a queue lists per section; older ones are rare and reached by address


def place_facts(workplace: Workplace, *, manager_count: int = 0) -> PlaceFacts:
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
    introductions = introduction_list_for(substitute=substitute)
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
