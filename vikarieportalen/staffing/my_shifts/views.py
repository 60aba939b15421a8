"""The substitute's pages: bookings (list, month, details, history, cancel), availability, calendar feed.

Every page is the logged-in substitute's own: bookings are fetched with the substitute in the
query, so another person's booking id is a 404.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vikarieportalen.core.access import role_required
from vikarieportalen.core.http import request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.availability import rules as availability_rules
from vikarieportalen.staffing.booking.services import (
    BookingRefused,
    booking_cancel,
    booking_may_be_cancelled_by_substitute,
)
from vikarieportalen.staffing.models import Booking, BookingStatus
from vikarieportalen.staffing.my_shifts import calendar_feed, selectors
from vikarieportalen.staffing.my_shifts.forms import (
    BookingCancelForm,
)

WEEKS_SHOWN = 4
MAX_WEEKS_AHEAD = 52
substitute_required = role_required(Role.SUBSTITUTE)


# ---------------------------------------------------------------------------------------------
# Bookings


@substitute_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    upcoming = selectors.booking_list_upcoming(substitute=request_user(request), now=timezone.now())
    return render(
        request,
        "staffing/my_bookings.html",
        {"upcoming": upcoming, "limited": len(upcoming) >= selectors.UPCOMING_LIMIT},
    )


@substitute_required
def my_history(request: HttpRequest) -> HttpResponse:
    history = selectors.booking_history(substitute=request_user(request), now=timezone.now())
    page = Paginator(history, selectors.HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "staffing/my_history.html", {"page": page, "query": ""})


@substitute_required
def my_calendar(request: HttpRequest, year: int | None = None, month: int | None = None) -> HttpResponse:
    today = timezone.localdate()
    if year is None or month is None:
        year, month = today.year, today.month
    elif not (1 <= month <= 12 and today.year - 10 <= year <= today.year + 10):
        raise Http404
    bookings = selectors.booking_list_month(substitute=request_user(request), year=year, month=month)
    previous, following = selectors.month_step(year, month, -1), selectors.month_step(year, month, 1)
    return render(
        request,
        "staffing/my_calendar.html",
        {
            "month": dt.date(year, month, 1),
            "weeks": selectors.month_weeks(year=year, month=month, bookings=bookings),
            "bookings": bookings,
            "weekdays": [availability_rules.weekday_name(day) for day in range(7)],
            "today": today,
            "previous": reverse("staffing:my_calendar_month", args=previous),
            "next": reverse("staffing:my_calendar_month", args=following),
            "this_month": reverse("staffing:my_calendar"),
        },
    )


def _my_booking_or_404(request: HttpRequest, booking_id: int) -> Booking:
    try:
        return selectors.booking_get_for_substitute(substitute=request_user(request), booking_id=booking_id)
    except Booking.DoesNotExist as exc:
        raise Http404 from exc


@substitute_required
def my_booking(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = _my_booking_or_404(request, booking_id)
    now = timezone.now()
    return render(
        request,
        "staffing/my_booking.html",
        {
            "booking": booking,
            "may_cancel": booking_may_be_cancelled_by_substitute(booking=booking, now=now),
            "is_over": booking.ends_at <= now,
            "is_active": booking.status == BookingStatus.ACTIVE,
            "staffing_centre_phone": settings.STAFFING_CENTRE_PHONE,
        },
    )


@substitute_required
def my_booking_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = _my_booking_or_404(request, booking_id)
    form = BookingCancelForm(request.POST if request.method == "POST" else None)
    refusal = ""
    if not booking_may_be_cancelled_by_substitute(booking=booking, now=timezone.now()):
        refusal = _refusal_text(booking)
    elif request.method == "POST" and form.is_valid():
        try:
            booking_cancel(booking=booking, by=request_user(request), reason=form.cleaned_data["reason"])
        except BookingRefused as refused:
            refusal = refused.message
        else:
            messages.success(request, _("The booking is cancelled. The staffing centre has been told."))
            return redirect("staffing:my_booking", booking_id=booking.pk)
    status = 200
    if request.method == "POST":
        status = 409 if refusal else 400  # refused by the rules, or the form's own errors
    return render(
        request,
        "staffing/my_booking_cancel.html",
        {
            "booking": booking,
            "form": form,
            "refusal": refusal,
            "staffing_centre_phone": settings.STAFFING_CENTRE_PHONE,
        },
        status=status,
    )


def _refusal_text(booking: Booking) -> str:
    if booking.status != BookingStatus.ACTIVE:
        return _("The booking is already cancelled.")
    return _("It is too late to cancel this booking yourself.")


# ---------------------------------------------------------------------------------------------
# Calendar feed


def _feed_urls(request: HttpRequest, token: str) -> tuple[str, str]:
    path = reverse("staffing:calendar_feed", kwargs={"token": token})
    https = f"{settings.PUBLIC_URL}{path}"
    webcal = "webcal://" + https.split("://", 1)[1]
    return https, webcal


@substitute_required
def my_calendar_feed(request: HttpRequest) -> HttpResponse:
    """The page with the personal feed address; the token is made on the first visit."""
    profile = calendar_feed.calendar_token_ensure(substitute=request_user(request))
    https, webcal = _feed_urls(request, profile.calendar_token or "")
    return render(
        request,
        "staffing/my_calendar_feed.html",
        {"https_url": https, "webcal_url": webcal, "created_at": profile.calendar_token_created_at},
    )


@require_POST
@substitute_required
def my_calendar_feed_renew(request: HttpRequest) -> HttpResponse:
    calendar_feed.calendar_token_renew(substitute=request_user(request))
    messages.success(
        request,
        _("You have a new address. The old one no longer works: add the new one to your phone's calendar."),
    )
    return redirect("staffing:my_calendar_feed")


@require_GET
def calendar_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no login (a phone's calendar fetches it); the secret address is the key."""
    substitute = calendar_feed.substitute_for_calendar_token(token=token)
    if substitute is None:
        not_found = HttpResponseNotFound(b"", content_type="text/plain")
        # Django logs every 4xx with its path; a calendar token must not reach the logs.
        not_found._has_been_logged = True  # type: ignore[attr-defined]
        return not_found
    now = timezone.now()
    bookings = calendar_feed.calendar_feed_bookings(substitute=substitute, now=now)
    with translation.override(substitute.language):
        body = calendar_feed.calendar_render(
            bookings=bookings,
            calendar_name=_("My shifts – Vikarieportalen"),
            now=now,
            host=calendar_feed.feed_host(),
            detail_url_for={
                booking.pk: f"{settings.PUBLIC_URL}{reverse('staffing:my_booking', args=[booking.pk])}"
                for booking in bookings
            },
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mina-pass.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
