"""Requests to work at more workplaces (*fler arbetsplatser*): pure rules, plain data in, the reason out.

No database: ``selectors.py`` loads the facts, ``services.py`` turns a ``Problem`` into a refusal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from vikarieportalen.staffing.models import AreaOfWork, Workplace, WorkplaceRequest, WorkplaceRequestStatus

OPEN_STATUSES = (WorkplaceRequestStatus.SUBMITTED, WorkplaceRequestStatus.FORWARDED)
MAX_OPEN_REQUESTS = 5  # at a time, per substitute: the staffing centre reviews each by hand
NOTE_MAX = 1000  # the model's limit for the message and both notes


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
