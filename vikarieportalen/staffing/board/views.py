"""The staffing centre's pages: the board of open shifts, a shift's candidates, booking and cancelling."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vikarieportalen.accounts.models import User
from vikarieportalen.core.access import role_required
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.http import request_user, requested_next_url
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import clock_text, date_text
from vikarieportalen.staffing.booking import candidates as candidate_selectors
from vikarieportalen.staffing.booking import services as booking_services
from vikarieportalen.staffing.booking.selectors import booking_sms_dispatch
from vikarieportalen.staffing.models import Booking, BookingStatus, Shift, ShiftStatus
from vikarieportalen.staffing.offers import selectors as offer_selectors
from vikarieportalen.staffing.reopened import services as reopened_services
from vikarieportalen.staffing.shifts.forms import BoardFilterForm, BookingCancelForm, OverrideForm
from vikarieportalen.staffing.shifts.selectors import (
    BoardFilters,
    board_build,
    shift_booking,
    shift_get_for_staff,
    shift_reopened_text,
)

STAFF_ROLES = (Role.STAFFING_CENTRE, Role.ADMINISTRATOR)
CANDIDATES_SHOWN = 100  # per list; the search narrows a longer one


def _shift_or_404(shift_id: int) -> Shift:
    try:
        return shift_get_for_staff(shift_id=shift_id)
    except Shift.DoesNotExist as exc:
        raise Http404 from exc


def _candidates_url(shift_id: int, back: str = "") -> str:
    url = reverse("staffing:shift_candidates", args=[shift_id])
    return f"{url}?{urlencode({'next': back})}" if back else url


@role_required(*STAFF_ROLES)
def board(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    query = request.GET.copy()
    # The default range shows in the date fields, so the staffing centre sees what is listed.
    query.setdefault("first_day", today.isoformat())
    query.setdefault("last_day", (today + dt.timedelta(days=6)).isoformat())
    form = BoardFilterForm(query, today=today)
    if form.is_valid():
        data = form.cleaned_data
        filters = BoardFilters(
            first_day=data["first_day"],
            last_day=data["last_day"],
            area=data["area"],
            workplace=data["workplace"],
            qualification=data["qualification"],
            only_open=data["show"] != BoardFilterForm.SHOW_ALL,
            only_reopened=data["show"] == BoardFilterForm.SHOW_REOPENED,
        )
    else:
        filters = BoardFilters(first_day=today, last_day=today + dt.timedelta(days=6))
    all_workplaces = request.GET.get("alla") == "1"
    try:
        page = int(request.GET.get("sida", "1"))
    except ValueError:
        page = 1
    result = board_build(filters=filters, all_workplaces=all_workplaces, page=page)

    def url_with(**changes: str) -> str:
        query = request.GET.copy()
        for key, value in changes.items():
            query[key] = value
        return f"?{query.urlencode()}"

    return render(
        request,
        "staffing/board_list.html",
        {
            "form": form,
            "filters": filters,
            "board": result,
            "today": today,
            # Each shift's link brings the staffing centre back to this very view of the board.
            "next_query": urlencode({"next": request.get_full_path()}),
            "workplace_options": list(cast(Any, form.fields["workplace"]).queryset.values_list("pk", "name")),
            "selected_workplace": filters.workplace.pk if filters.workplace else None,
            "all_workplaces_url": url_with(alla="1"),
            "reopened_url": url_with(show=BoardFilterForm.SHOW_REOPENED, sida="1"),
            "previous_url": url_with(sida=str(result.page - 1)),
            "next_url": url_with(sida=str(result.page + 1)),
        },
    )


@role_required(*STAFF_ROLES)
def shift_candidates(request: HttpRequest, shift_id: int) -> HttpResponse:
    shift = _shift_or_404(shift_id)
    booking = shift_booking(shift)
    back = requested_next_url(request, fallback=reverse("staffing:board"))
    eligible: list[candidate_selectors.Candidate] = []
    excluded: list[candidate_selectors.Candidate] = []
    is_open = shift.status == ShiftStatus.ACTIVE and booking is None and shift.ends_at > timezone.now()
    search = request.GET.get("q", "").strip()[:100]
    if is_open:
        # The search goes to the database for those not introduced, so anyone in the pool is found.
        eligible, excluded = candidate_selectors.candidate_list_for_shift(shift=shift, search=search)
    return render(
        request,
        "staffing/board_candidates.html",
        {
            "shift": shift,
            "booking": booking,
            "is_open": is_open,
            # An offer needs time to be answered: only for a shift that has not started.
            "may_offer": is_open and shift.starts_at > timezone.now(),
            "eligible": eligible[:CANDIDATES_SHOWN],
            "eligible_count": len(eligible),
            "excluded": excluded[:CANDIDATES_SHOWN],
            "excluded_count": len(excluded),
            "search": search,
            "back": back,
            "cancel_form": BookingCancelForm(),
            "reopened": shift_reopened_text(shift, now=timezone.now()) if booking is None else "",
            # Everyone offered the shift, with what became of their SMS (live while it may change).
            "offered": offer_selectors.offer_shift_recipients(shift=shift) if is_open else None,
        },
    )


def _substitute_or_none(value: object) -> User | None:
    try:
        substitute_id = int(str(value))
    except ValueError:
        return None
    return candidate_selectors.substitute_list_active().filter(pk=substitute_id).first()


def _booked_message(booking: Booking) -> str:
    person = booking.substitute
    booked = _("%(name)s is booked at %(workplace)s on %(date)s, %(start)s–%(end)s.") % {
        "name": person.get_full_name(),
        "workplace": booking.workplace.name,
        "date": date_text(booking.starts_at, "WEEKDAY_DAY_FORMAT"),
        "start": clock_text(booking.starts_at),
        "end": clock_text(booking.ends_at),
    }
    return f"{booked} " + _sms_told(
        booking,
        event="created",
        waiting=_("An SMS with the booking goes to %(mobile)s %(when)s, when the quiet hours end."),
        now=_("An SMS with the booking is being sent to %(mobile)s now."),
    )


def _cancelled_message(booking: Booking) -> str:
    cancelled = _("The booking of %(name)s is cancelled. The shift is open again.") % {
        "name": booking.substitute.get_full_name()
    }
    return f"{cancelled} " + _sms_told(
        booking,
        event="cancelled",
        waiting=_("An SMS about the cancellation goes to %(mobile)s %(when)s, when the quiet hours end."),
        now=_("An SMS about the cancellation is being sent to %(mobile)s now."),
    )


def _sms_told(booking: Booking, *, event: Literal["created", "cancelled"], waiting: str, now: str) -> str:
    """What the page truthfully says of the SMS about ``booking``: none, waiting for the morning, or now."""
    person = booking.substitute
    sms = booking_sms_dispatch(booking=booking, event=event)
    if sms.none:
        told = _("No SMS was sent: there is no usable mobile number. Tell %(name)s another way.")
    else:
        told = waiting if sms.waiting else now
    return told % {"name": person.get_full_name(), "mobile": person.mobile_display, "when": sms.when_text()}


@require_POST
@role_required(*STAFF_ROLES)
def shift_book(request: HttpRequest, shift_id: int) -> HttpResponse:
    shift = _shift_or_404(shift_id)
    back = requested_next_url(request, fallback=reverse("staffing:board"))
    substitute = _substitute_or_none(request.POST.get("substitute", ""))
    if substitute is None:
        messages.error(request, _("Choose a substitute from the list."))
        return redirect(_candidates_url(shift.pk, back))
    try:
        booking = booking_services.booking_create(
            shift=shift, substitute=substitute, by=request_user(request)
        )
    except booking_services.BookingRefused as refused:
        if refused.overridable:
            override = reverse("staffing:shift_book_override", args=[shift.pk, substitute.pk])
            return redirect(f"{override}?{urlencode({'next': back})}")
        messages.error(request, refused.message)
        return redirect(_candidates_url(shift.pk, back))
    messages.success(request, _booked_message(booking))
    return redirect(back)


@role_required(*STAFF_ROLES)
def shift_book_override(request: HttpRequest, shift_id: int, substitute_id: int) -> HttpResponse:
    shift = _shift_or_404(shift_id)
    substitute = _substitute_or_none(substitute_id)
    if substitute is None:
        raise Http404
    back = requested_next_url(request, fallback=reverse("staffing:board"))
    form = OverrideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = booking_services.booking_create(
                shift=shift,
                substitute=substitute,
                by=request_user(request),
                override_reason=form.cleaned_data["override_reason"],
            )
        except booking_services.BookingRefused as refused:
            messages.error(request, refused.message)
            return redirect(_candidates_url(shift.pk, back))
        messages.success(request, _booked_message(booking))
        return redirect(back)
    candidate = candidate_selectors.candidate_check(shift=shift, substitute=substitute)
    return render(
        request,
        "staffing/board_override.html",
        {
            "shift": shift,
            "candidate": candidate,
            "booking": shift_booking(shift),
            "form": form,
            "back": back,
            "candidates_url": _candidates_url(shift.pk, back),
        },
    )


@require_POST
@role_required(*STAFF_ROLES)
def booking_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = Booking.objects.filter(pk=booking_id).select_related("substitute").first()
    if booking is None:
        raise Http404
    back = requested_next_url(request, fallback=reverse("staffing:board"))
    form = BookingCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("reason", [])))
        return redirect(_candidates_url(booking.shift_id, back))
    if booking.status != BookingStatus.ACTIVE:
        messages.error(request, _("The booking is already cancelled."))
        return redirect(_candidates_url(booking.shift_id, back))
    try:
        booking_services.booking_cancel(
            booking=booking, by=request_user(request), reason=form.cleaned_data["reason"]
        )
    except booking_services.BookingRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _cancelled_message(booking))
    return redirect(_candidates_url(booking.shift_id, back))


@require_POST
@role_required(*STAFF_ROLES)
def shift_reopen_dismiss(request: HttpRequest, shift_id: int) -> HttpResponse:
    """Staff have seen the reopened shift: the board no longer flags it."""
    shift = _shift_or_404(shift_id)
    back = requested_next_url(request, fallback=reverse("staffing:board"))
    try:
        reopened_services.shift_reopen_dismiss(shift=shift, by=request_user(request))
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The shift is no longer marked as reopened. It is still open."))
    return redirect(_candidates_url(shift.pk, back))
