"""Availability pages: the substitute's own editor, and the same editor for the staffing centre's pool.

The editor's views take the substitute and the URLs to post to, so the pool reuses them for any
substitute (``staffing/pool/views.py``) and the substitute's own pages pass themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vikarieportalen.accounts.models import User
from vikarieportalen.core.access import role_required
from vikarieportalen.core.http import request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.availability import intervals as availability_intervals
from vikarieportalen.staffing.availability import rules as availability_rules
from vikarieportalen.staffing.availability import selectors as availability_selectors
from vikarieportalen.staffing.availability import services as availability_services
from vikarieportalen.staffing.availability.forms import (
    AvailabilityPeriodForm,
    WeeklyAvailabilityForm,
)
from vikarieportalen.staffing.models import AvailabilityPeriod, WeeklyAvailability

WEEKS_SHOWN = 4
MAX_WEEKS_AHEAD = 52
substitute_required = role_required(Role.SUBSTITUTE)


# ---------------------------------------------------------------------------------------------
# Availability (the same pages serve the staffing centre, on a substitute's behalf: views_pool)


@dataclass(frozen=True)
class EditorUrls:
    """Where the editor's links and forms go, for the substitute or for the staffing centre."""

    overview: str
    period_add: str
    weekly_add: str
    period_remove: Callable[[int], str]
    weekly_remove: Callable[[int], str]


@dataclass(frozen=True)
class EditorRow:
    text: str
    kind: str
    note: str
    remove_url: str
    row_id: str


def _validity_text(valid_from: dt.date, valid_until: dt.date | None, today: dt.date) -> str:
    if valid_until is None:
        if valid_from <= today:
            return _("Until further notice")
        return _("From %(day)s, until further notice") % {"day": formats.date_format(valid_from, "j F Y")}
    return _("%(first)s to %(last)s") % {
        "first": formats.date_format(max(valid_from, today), "j F Y"),
        "last": formats.date_format(valid_until, "j F Y"),
    }


def _period_text(period: AvailabilityPeriod) -> str:
    return availability_rules.period_text(
        kind=period.kind, starts_at=period.starts_at, ends_at=period.ends_at
    )


def _weekly_text(row: WeeklyAvailability) -> str:
    return availability_rules.weekly_text(
        kind=row.kind, weekday=row.weekday, starts=row.starts, ends=row.ends
    )


def my_editor_urls() -> EditorUrls:
    return EditorUrls(
        overview=reverse("staffing:my_availability"),
        period_add=reverse("staffing:my_availability_period_add"),
        weekly_add=reverse("staffing:my_availability_weekly_add"),
        period_remove=lambda pk: reverse("staffing:my_availability_period_remove", args=[pk]),
        weekly_remove=lambda pk: reverse("staffing:my_availability_weekly_remove", args=[pk]),
    )


def _first_week(request: HttpRequest, today: dt.date) -> tuple[dt.date, int]:
    try:
        offset = int(request.GET.get("vecka", "0"))
    except ValueError:
        offset = 0
    offset = max(0, min(offset, MAX_WEEKS_AHEAD))
    return today + dt.timedelta(days=7 * offset), offset


def availability_overview(
    request: HttpRequest, *, substitute: User, urls: EditorUrls, on_behalf: bool
) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate()
    first_day, offset = _first_week(request, today)
    return render(
        request,
        "staffing/my_availability.html",
        {
            "substitute": substitute,
            "on_behalf": on_behalf,
            "urls": urls,
            "weeks": availability_selectors.availability_weeks(
                substitute=substitute, first_day=first_day, weeks=WEEKS_SHOWN
            ),
            "periods": [
                EditorRow(
                    text=_period_text(p),
                    kind=p.kind,
                    note=p.note,
                    remove_url=urls.period_remove(p.pk),
                    row_id=f"period-{p.pk}",
                )
                for p in availability_selectors.availability_period_list(substitute=substitute, now=now)
            ],
            "weekly": [
                EditorRow(
                    text=_weekly_text(w),
                    kind=w.kind,
                    note=_validity_text(w.valid_from, w.valid_until, today),
                    remove_url=urls.weekly_remove(w.pk),
                    row_id=f"weekly-{w.pk}",
                )
                for w in availability_selectors.availability_weekly_list(substitute=substitute, today=today)
            ],
            "today": today,
            "earlier": offset - WEEKS_SHOWN if offset > 0 else None,
            "later": offset + WEEKS_SHOWN if offset + WEEKS_SHOWN <= MAX_WEEKS_AHEAD else None,
            "whole_day_end": availability_intervals.WHOLE_DAY_END,
        },
    )


class _AddView(Protocol):
    def __call__(
        self, request: HttpRequest, *, substitute: User, urls: EditorUrls, on_behalf: bool
    ) -> HttpResponse: ...


def _add_view(
    *,
    template: str,
    form: Callable[[HttpRequest], Form],
    save: Callable[[HttpRequest, User, dict[str, Any]], str],
) -> _AddView:
    """One of the editor's add pages: `form` makes its form, `save` saves a valid one and returns
    the row's text for the message; a refusal shows the page again with the reasons as form errors."""

    def view(request: HttpRequest, *, substitute: User, urls: EditorUrls, on_behalf: bool) -> HttpResponse:
        bound = form(request)
        if request.method == "POST" and bound.is_valid():
            try:
                row_text = save(request, substitute, bound.cleaned_data)
            except availability_services.AvailabilityRefused as refused:
                for message in refused.messages:
                    bound.add_error(None, message)
            else:
                messages.success(request, _("Saved: %(row)s.") % {"row": row_text})
                return redirect(urls.overview)
        return render(
            request,
            template,
            {"form": bound, "substitute": substitute, "on_behalf": on_behalf, "urls": urls},
            status=400 if bound.is_bound and bound.errors else 200,
        )

    return view


def _picked(data: dict[str, Any], *names: str) -> dict[str, Any]:
    """The named fields of a form's cleaned data, as a service's keyword arguments."""
    return {name: data[name] for name in names}


def _period_form(request: HttpRequest) -> Form:
    return AvailabilityPeriodForm(
        request.POST if request.method == "POST" else None,
        initial={"kind": "available", "day": timezone.localdate()},
    )


def _period_save(request: HttpRequest, substitute: User, data: dict[str, Any]) -> str:
    fields = _picked(data, "kind", "starts_at", "ends_at", "note")
    period = availability_services.availability_period_add(
        substitute=substitute, **fields, by=request_user(request), now=timezone.now()
    )
    return _period_text(period)


def _weekly_form(request: HttpRequest) -> Form:
    today = timezone.localdate()
    return WeeklyAvailabilityForm(
        request.POST if request.method == "POST" else None,
        initial={"kind": "available", "valid_from": today, "weekday": today.weekday()},
    )


def _weekly_save(request: HttpRequest, substitute: User, data: dict[str, Any]) -> str:
    fields = _picked(data, "kind", "weekday", "starts", "ends", "valid_from", "valid_until")
    row = availability_services.availability_weekly_add(
        substitute=substitute, **fields, by=request_user(request), today=timezone.localdate()
    )
    return _weekly_text(row)


availability_period_add = _add_view(
    template="staffing/my_availability_period.html", form=_period_form, save=_period_save
)
availability_weekly_add = _add_view(
    template="staffing/my_availability_weekly.html", form=_weekly_form, save=_weekly_save
)


def availability_period_remove(
    request: HttpRequest, *, substitute: User, period_id: int, urls: EditorUrls
) -> HttpResponse:
    try:
        availability_services.availability_period_remove(
            substitute=substitute, period_id=period_id, by=request_user(request)
        )
    except AvailabilityPeriod.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(request, _("The period is removed."))
    return redirect(urls.overview)


def availability_weekly_remove(
    request: HttpRequest, *, substitute: User, weekly_id: int, urls: EditorUrls
) -> HttpResponse:
    try:
        availability_services.availability_weekly_remove(
            substitute=substitute, weekly_id=weekly_id, by=request_user(request), today=timezone.localdate()
        )
    except WeeklyAvailability.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(request, _("The weekly pattern is removed from today on."))
    return redirect(urls.overview)


@substitute_required
def my_availability(request: HttpRequest) -> HttpResponse:
    return availability_overview(
        request, substitute=request_user(request), urls=my_editor_urls(), on_behalf=False
    )


@substitute_required
def my_availability_period_add(request: HttpRequest) -> HttpResponse:
    return availability_period_add(
        request, substitute=request_user(request), urls=my_editor_urls(), on_behalf=False
    )


@substitute_required
def my_availability_weekly_add(request: HttpRequest) -> HttpResponse:
    return availability_weekly_add(
        request, substitute=request_user(request), urls=my_editor_urls(), on_behalf=False
    )


@require_POST
@substitute_required
def my_availability_period_remove(request: HttpRequest, period_id: int) -> HttpResponse:
    return availability_period_remove(
        request, substitute=request_user(request), period_id=period_id, urls=my_editor_urls()
    )


@require_POST
@substitute_required
def my_availability_weekly_remove(request: HttpRequest, weekly_id: int) -> HttpResponse:
    return availability_weekly_remove(
        request, substitute=request_user(request), weekly_id=weekly_id, urls=my_editor_urls()
    )
