"""The staffing centre's page for booking, or offering, every shift of a repeating need to one
substitute."""

from __future__ import annotations

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
from vikarieportalen.core.http import request_user, requested_next_url
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import date_text
from vikarieportalen.staffing.models import Shift, ShiftSeries
from vikarieportalen.staffing.offers.notify import offers_sms_dispatch
from vikarieportalen.staffing.series import services
from vikarieportalen.staffing.series.forms import SeriesBookForm
from vikarieportalen.staffing.series.notify import series_sms_dispatch
from vikarieportalen.staffing.series.selectors import (
    series_check_for,
    series_get_for_staff,
    series_shifts_remaining,
    series_wished_substitute,
)

STAFF_ROLES = (Role.STAFFING_CENTRE, Role.ADMINISTRATOR)


def _page_url(series_id: int, substitute_id: int, back: str) -> str:
    url = reverse("staffing:series_book", args=[series_id])
    return f"{url}?{urlencode({'substitute': substitute_id, 'next': back})}"


def _series_or_404(series_id: int) -> ShiftSeries:
    try:
        return series_get_for_staff(series_id=series_id)
    except ShiftSeries.DoesNotExist as exc:
        raise Http404 from exc


def _booked_message(result: services.SeriesBooked, substitute: User) -> str:
    """What was booked, what the SMS does, and where the rest are: true to the outbox."""
    sms = series_sms_dispatch(key=result.sms_key) if result.sms_key else None
    values = {
        "name": substitute.get_full_name(),
        "booked": len(result.bookings),
        "total": len(result.bookings) + len(result.failed),
        "workplace": result.bookings[0].workplace.name,
        "mobile": substitute.mobile_display,
        "when": sms.when_text() if sms is not None else "",
    }
    parts = [_("%(name)s is booked on %(booked)d of %(total)d shifts at %(workplace)s.")]
    if sms is None or sms.none:
        parts.append(_("No SMS was sent: there is no usable mobile number. Tell %(name)s another way."))
    elif sms.waiting:
        parts.append(
            _("One SMS with every booked shift goes to %(mobile)s %(when)s, when the quiet hours end.")
        )
    else:
        parts.append(_("One SMS with every booked shift is being sent to %(mobile)s now."))
    if result.failed:
        parts.append(_("The shifts that could not be booked are listed with the reasons."))
    return " ".join(part % values for part in parts)


@role_required(*STAFF_ROLES)
def series_book(request: HttpRequest, series_id: int) -> HttpResponse:
    """GET: the series' shifts checked for the chosen substitute; POST: book those that pass."""
    series = _series_or_404(series_id)
    now = timezone.now()
    back = requested_next_url(request, fallback=reverse("staffing:board"))
    shifts = series_shifts_remaining(series=series, now=now)
    wished = series_wished_substitute(shifts)
    if request.method == "POST":
        form = SeriesBookForm(request.POST)
        if form.is_valid():
            substitute = form.cleaned_data["substitute"]
            try:
                result = services.series_book(series=series, substitute=substitute, by=request_user(request))
            except services.SeriesRefused as refused:
                messages.error(request, refused.message)
            else:
                messages.success(request, _booked_message(result, substitute))
            return redirect(_page_url(series.pk, substitute.pk, back))
    else:
        asked = "substitute" in request.GET
        form = SeriesBookForm(
            request.GET if asked else None, initial={"substitute": wished.pk if wished else None}
        )
    rows = []
    chosen = None
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["substitute"]
        rows = series_check_for(shifts=shifts, substitute=chosen, now=now)
    return render(
        request,
        "staffing/series_book.html",
        {
            "series": series,
            "shifts": shifts,
            "wished": wished,
            "form": form,
            "chosen": chosen,
            "rows": rows,
            "passing": sum(1 for row in rows if row.passes),
            "back": back,
        },
    )


def _failed_text(failed: list[tuple[Shift, list[str]]]) -> str:
    return " ".join(
        f"{date_text(shift.day, 'WEEKDAY_DAY_FORMAT')}: {' '.join(reasons)}" for shift, reasons in failed
    )


def _offered_message(result: services.SeriesOffered, substitute: User) -> str:
    """What was offered and what the one SMS does: true to the outbox."""
    sms = offers_sms_dispatch(result.offers[:1])
    values = {
        "name": substitute.get_full_name(),
        "offered": len(result.offers),
        "total": len(result.offers) + len(result.failed),
        "mobile": substitute.mobile_display,
        "when": sms.when_text(),
    }
    parts = [_("%(name)s is offered %(offered)d of %(total)d shifts as one offer.")]
    if sms.none:
        parts.append(_("No SMS was sent: there is no usable mobile number. Tell %(name)s another way."))
    elif sms.waiting:
        parts.append(
            _("One SMS with every shift and one link goes to %(mobile)s %(when)s, when the quiet hours end.")
        )
    else:
        parts.append(_("One SMS with every shift and one link is being sent to %(mobile)s now."))
    return " ".join(part % values for part in parts)


@require_POST
@role_required(*STAFF_ROLES)
def series_offer(request: HttpRequest, series_id: int) -> HttpResponse:
    """Offer the chosen substitute every shift of the series that passes every rule, as one offer;
    to the send-out's page (the SMS's fate), or back to the series page with the reasons."""
    series = _series_or_404(series_id)
    back = requested_next_url(request, fallback=reverse("staffing:board"))
    form = SeriesBookForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a substitute from the pool."))
        return redirect(f"{reverse('staffing:series_book', args=[series.pk])}?{urlencode({'next': back})}")
    substitute = form.cleaned_data["substitute"]
    try:
        result = services.series_offer(series=series, substitute=substitute, by=request_user(request))
    except services.SeriesOfferRefused as refused:
        messages.error(request, refused.message)
        if refused.failed:
            messages.warning(request, _("Not offered: %(shifts)s") % {"shifts": _failed_text(refused.failed)})
        return redirect(_page_url(series.pk, substitute.pk, back))
    messages.success(request, _offered_message(result, substitute))
    if result.failed:
        messages.warning(request, _("Not offered: %(shifts)s") % {"shifts": _failed_text(result.failed)})
    return redirect("staffing:offer_send_detail", send_id=result.send.pk)
