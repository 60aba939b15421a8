"""Offers (förfrågan): the staffing centre sends and follows up; the substitute answers.

Views only parse input and call ``offers`` (services), ``answers`` or ``offer_selectors`` (reads).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vikarieportalen.accounts.models import User
from vikarieportalen.core.access import role_required
from vikarieportalen.core.http import request_user, safe_next_url
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import date_text
from vikarieportalen.staffing.booking import candidates as candidate_selectors
from vikarieportalen.staffing.models import (
    Booking,
    BookingStatus,
    Offer,
    OfferChannel,
    OfferSend,
    OfferStatus,
    Shift,
    ShiftStatus,
)
from vikarieportalen.staffing.offers import answers
from vikarieportalen.staffing.offers import selectors as offer_selectors
from vikarieportalen.staffing.offers import services as offers
from vikarieportalen.staffing.offers.forms import (
    OfferAnswerForm,
    OfferSeriesAnswerForm,
    OfferSetForm,
    OfferShiftForm,
)
from vikarieportalen.staffing.offers.notify import offers_closed_dispatch, offers_sms_dispatch
from vikarieportalen.staffing.shifts.selectors import shift_booking, shift_get_for_staff, shift_times_text

STAFF_ROLES = (Role.STAFFING_CENTRE, Role.ADMINISTRATOR)
CANDIDATES_SHOWN = 100
SET_DAYS = 3  # the set page lists open shifts from today and the two days after
SET_SHIFTS_SHOWN = 100
SENDS_PAGE_SIZE = 25


def _shift_label(shift: Shift) -> str:
    return (
        f"{shift.workplace.name}, {timezone.localtime(shift.starts_at):%a %-d %b} {shift_times_text(shift)}"
    )


def _sent_message(request: HttpRequest, result: offers.SendResult) -> None:
    sms = offers_sms_dispatch(result.offers)
    parts = [_("Offers made: %(count)d.") % {"count": len(result.offers)}]
    if going := sms.recorded - sms.held:
        parts.append(_("SMS being sent now: %(count)d.") % {"count": going})
    if sms.waiting:
        parts.append(
            _("SMS waiting for the quiet hours to end, going %(when)s: %(count)d.")
            % {"when": sms.when_text(), "count": sms.held}
        )
    if missing := len(result.offers) - sms.recorded:
        parts.append(_("No SMS, for want of a usable mobile number: %(count)d.") % {"count": missing})
    messages.success(request, " ".join(parts))
    if result.skipped:
        names = ", ".join(sorted({user.get_full_name() for _shift, user, _reason in result.skipped}))
        messages.warning(
            request, _("Not offered (already offered, or cannot take it): %(names)s") % {"names": names}
        )


def _send(
    request: HttpRequest,
    data: dict[str, Any],
    *,
    shifts: list[Shift],
    top_n: int | None,
    substitutes: list[User] | None = None,
) -> tuple[HttpResponse | None, str]:
    """Sends ``shifts`` as the offer form says: the redirect to the send's page, or the refusal."""
    try:
        result = offers.offer_send(
            shifts=shifts,
            by=request_user(request),
            substitutes=substitutes,
            top_n=top_n,
            answer_by=data["answer_by"],
            message=data["message"],
            round_size=data["round_size"] if data["rounds"] else None,
            round_minutes=data["round_minutes"] if data["rounds"] else None,
        )
    except offers.OfferRefused as refused:
        return None, refused.message
    _sent_message(request, result)
    return redirect("staffing:offer_send_detail", send_id=result.send.pk), ""


# --- the staffing centre -------------------------------------------------------------------------


def _shift_or_404(shift_id: int) -> Shift:
    try:
        return shift_get_for_staff(shift_id=shift_id)
    except Shift.DoesNotExist as exc:
        raise Http404 from exc


def _or_404[M: (Offer, OfferSend)](model: type[M], pk: int) -> M:
    """The ``model`` row with primary key ``pk``; a 404 when there is none."""
    try:
        return model.objects.get(pk=pk)
    except model.DoesNotExist as exc:
        raise Http404 from exc


@role_required(*STAFF_ROLES)
def offer_send_shift(request: HttpRequest, shift_id: int) -> HttpResponse:
    """Send one shift as an offer: to ticked candidates or the top N."""
    shift = _shift_or_404(shift_id)
    now = timezone.now()
    is_open = shift.status == ShiftStatus.ACTIVE and shift_booking(shift) is None and shift.starts_at > now
    eligible: list[candidate_selectors.Candidate] = []
    if is_open:
        eligible, _excluded = candidate_selectors.candidate_list_for_shift(
            shift=shift, not_introduced_limit=0
        )
    already = {offer.substitute_id: offer for offer in offer_selectors.offer_list_for_shift(shift=shift)}
    choosable = [c for c in eligible if c.substitute.pk not in already][:CANDIDATES_SHOWN]
    form = OfferShiftForm(
        request.POST if request.method == "POST" else None,
        candidates=[(c.substitute.pk, c.substitute.get_full_name()) for c in choosable],
    )
    refusal = ""
    if request.method == "POST" and is_open and form.is_valid():
        data = form.cleaned_data
        chosen_ids = set(data["substitutes"])
        sent, refusal = _send(
            request,
            data,
            shifts=[shift],
            substitutes=[c.substitute for c in choosable if c.substitute.pk in chosen_ids]
            if data["who"] == OfferShiftForm.CHOSEN
            else None,
            top_n=data["top_n"] if data["who"] == OfferShiftForm.TOP else None,
        )
        if sent is not None:
            return sent
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "staffing/offer_send_shift.html",
        {
            "shift": shift,
            "is_open": is_open,
            "form": form,
            "choosable": choosable,
            "already": list(already.values()),
            "route": offer_selectors.offer_route_for(shift=shift, now=now),
            "refusal": refusal,
        },
        status=status,
    )


def _open_shifts_soon(now: dt.datetime) -> list[Shift]:
    today = timezone.localdate(now)
    return list(
        Shift.objects.filter(
            status=ShiftStatus.ACTIVE,
            day__gte=today,
            day__lt=today + dt.timedelta(days=SET_DAYS),
            starts_at__gt=now,
        )
        .exclude(pk__in=Booking.objects.filter(status=BookingStatus.ACTIVE).values("shift_id"))
        .select_related("workplace")
        .order_by("starts_at", "workplace__name", "pk")[:SET_SHIFTS_SHOWN]
    )


@role_required(*STAFF_ROLES)
def offer_send_set(request: HttpRequest) -> HttpResponse:
    """Send several open shifts at once, each to its own top N candidates."""
    now = timezone.now()
    shifts = _open_shifts_soon(now)
    by_id = {shift.pk: shift for shift in shifts}
    form = OfferSetForm(
        request.POST if request.method == "POST" else None,
        shifts=[(shift.pk, _shift_label(shift)) for shift in shifts],
        initial={"shifts": [int(v) for v in request.GET.getlist("pass") if v.isdigit()]},
    )
    refusal = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sent, refusal = _send(request, data, shifts=[by_id[pk] for pk in data["shifts"]], top_n=data["top_n"])
        if sent is not None:
            return sent
    return render(
        request,
        "staffing/offer_send_set.html",
        {"form": form, "shifts": shifts, "refusal": refusal},
        status=400 if request.method == "POST" else 200,
    )


@role_required(*STAFF_ROLES)
def offer_sends(request: HttpRequest) -> HttpResponse:
    page = Paginator(offer_selectors.offer_send_list(), SENDS_PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(request, "staffing/offer_sends.html", {"page": page})


def _send_detail(send_id: int) -> offer_selectors.SendDetail:
    try:
        return offer_selectors.offer_send_detail(send_id=send_id)
    except OfferSend.DoesNotExist as exc:
        raise Http404 from exc


@role_required(*STAFF_ROLES)
def offer_send_detail(request: HttpRequest, send_id: int) -> HttpResponse:
    return render(request, "staffing/offer_send_detail.html", {"detail": _send_detail(send_id)})


@role_required(*STAFF_ROLES)
def offer_send_recipients(request: HttpRequest, send_id: int) -> HttpResponse:
    """The send-out's recipients alone: the page asks for it (htmx) until every SMS is final."""
    return render(request, "staffing/_offer_send_recipients.html", {"detail": _send_detail(send_id)})


@role_required(*STAFF_ROLES)
def offer_shift_recipients(request: HttpRequest, shift_id: int) -> HttpResponse:
    """Everyone offered a shift, for its candidate page (htmx) until every SMS is final."""
    shift = _shift_or_404(shift_id)
    return render(
        request,
        "staffing/_offer_shift_recipients.html",
        {"shift": shift, "offered": offer_selectors.offer_shift_recipients(shift=shift)},
    )


@require_POST
@role_required(*STAFF_ROLES)
def offer_sms_resend(request: HttpRequest, offer_id: int) -> HttpResponse:
    """Send a failed offer SMS again; back to the page it was asked from (the send-out's by default)."""
    offer = _or_404(Offer, offer_id)
    try:
        offers.offer_sms_resend(offer=offer, by=request_user(request))
    except offers.OfferRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("The offer SMS to %(name)s is being sent again.") % {"name": offer.substitute.get_full_name()},
        )
    fallback = reverse("staffing:offer_send_detail", args=[offer.send_id])
    return redirect(safe_next_url(request, request.POST.get("next"), fallback=fallback))


@require_POST
@role_required(*STAFF_ROLES)
def offer_send_withdraw(request: HttpRequest, send_id: int) -> HttpResponse:
    send = _or_404(OfferSend, send_id)
    wanted = request.POST.get("offer", "")
    one: Offer | None = None
    if wanted != "all":
        one = Offer.objects.filter(send=send, pk=int(wanted)).first() if wanted.isdigit() else None
        if one is None:
            messages.error(request, _("Choose an offer of this send-out to withdraw."))
            return redirect("staffing:offer_send_detail", send_id=send.pk)
    count = offers.offer_withdraw(send=send, by=request_user(request), offer=one)
    if count:
        told = offers_closed_dispatch(send=send, offer=one)
        if told.none:
            note = _("No SMS was sent about it.")
        elif told.waiting:
            note = _("The substitutes are told by SMS %(when)s, when the quiet hours end.") % {
                "when": told.when_text()
            }
        else:
            note = _("The substitutes are being told by SMS now.")
        messages.success(request, _("Offers withdrawn: %(count)d.") % {"count": count} + " " + note)
    else:
        messages.info(request, _("There were no open offers to withdraw."))
    return redirect("staffing:offer_send_detail", send_id=send.pk)


# --- the substitute ------------------------------------------------------------------------------


@role_required(Role.SUBSTITUTE)
def my_offers(request: HttpRequest) -> HttpResponse:
    me = request_user(request)
    now = timezone.now()
    return render(
        request,
        "staffing/my_offers.html",
        {
            "open_offers": list(offer_selectors.offer_list_open_for(substitute=me, now=now)),
            "recent": list(offer_selectors.offer_list_recent_for(substitute=me, now=now)),
        },
    )


def _offer_state(offer: Offer, now: dt.datetime) -> str:
    """What the page says about the offer: open, or why it is not."""
    if offer.status == OfferStatus.OPEN and offer.expires_at <= now:
        return OfferStatus.EXPIRED
    return offer.status


@role_required(Role.SUBSTITUTE)
def offer_page(request: HttpRequest, token: str) -> HttpResponse:
    """The personal short link: the shift, and Accept/Decline (POST). Someone else's link is a 404."""
    me = request_user(request)
    try:
        offer = offer_selectors.offer_get_for_substitute(
            substitute=me, token=token, related=request.method != "POST"
        )
    except Offer.DoesNotExist as exc:
        raise Http404 from exc
    refusal = ""
    status = 200
    if request.method == "POST":
        form = OfferAnswerForm(request.POST)
        if not form.is_valid():
            refusal, status = _("Choose Accept or Decline."), 400
        else:
            try:
                if form.cleaned_data["answer"] == OfferAnswerForm.ACCEPT:
                    answers.offer_accept(offer=offer, by=me, channel=OfferChannel.WEB)
                    messages.success(request, _("The shift is yours. You will get an SMS with the booking."))
                else:
                    answers.offer_decline(offer=offer, by=me, channel=OfferChannel.WEB)
                    messages.success(request, _("Thank you for answering. You have declined the offer."))
            except offers.OfferRefused as refused:
                refusal, status = refused.message, 409
            except PermissionDenied:
                raise Http404 from None
            else:
                return redirect(reverse("offers:page", args=[token]))
        offer = offer_selectors.offer_get_for_substitute(substitute=me, token=token)  # as it is now
    return render(
        request,
        "staffing/offer_page.html",
        {
            "offer": offer,
            "shift": offer.shift,
            "state": _offer_state(offer, timezone.now()),
            "refusal": refusal,
        },
        status=status,
    )


def _shift_day(offer: Offer) -> str:
    return date_text(timezone.localtime(offer.shift.starts_at).date(), "WEEKDAY_DAY_FORMAT")


def _series_answered(request: HttpRequest, result: answers.SeriesAnswer) -> None:
    """What came of accepting: the shifts booked, and each one not booked with the reason."""
    if result.accepted:
        messages.success(
            request,
            ngettext(
                "%(count)d shift is yours: %(days)s. You find it under My shifts.",
                "%(count)d shifts are yours: %(days)s. You find them under My shifts.",
                len(result.accepted),
            )
            % {"count": len(result.accepted), "days": ", ".join(_shift_day(o) for o in result.accepted)},
        )
    if result.refused:
        messages.warning(
            request,
            _("Not booked: %(shifts)s")
            % {
                "shifts": " ".join(
                    f"{_shift_day(offer)}: {refusal.message}" for offer, refusal in result.refused
                )
            },
        )
    if not result.accepted and not result.refused:
        messages.info(request, _("None of the shifts you ticked is open any longer."))


@role_required(Role.SUBSTITUTE)
def offer_series_page(request: HttpRequest, series_key: str) -> HttpResponse:
    """The one link of a series offer: its shifts, and accept the ticked ones or decline them all
    (POST). Someone else's link, or one that does not exist, is a 404."""
    me = request_user(request)
    offered = answers.offer_series_list(series_key=series_key, substitute=me)
    if not offered:
        raise Http404
    now = timezone.now()
    states = [(offer, _offer_state(offer, now)) for offer in offered]
    open_ids = [offer.pk for offer, state in states if state == OfferStatus.OPEN]
    form = OfferSeriesAnswerForm(request.POST if request.method == "POST" else None, open_ids=open_ids)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if form.cleaned_data["answer"] == OfferSeriesAnswerForm.ACCEPT:
                result = answers.offer_series_accept(
                    series_key=series_key,
                    by=me,
                    substitute=me,
                    channel=OfferChannel.WEB,
                    offer_ids=set(form.cleaned_data["offers"]),
                )
                _series_answered(request, result)
            else:
                declined = answers.offer_series_decline(
                    series_key=series_key, by=me, substitute=me, channel=OfferChannel.WEB
                )
                messages.success(
                    request,
                    ngettext(
                        "Thank you for answering. You have declined %(count)d shift.",
                        "Thank you for answering. You have declined %(count)d shifts.",
                        len(declined),
                    )
                    % {"count": len(declined)},
                )
            return redirect(reverse("offers:series", args=[series_key]))
        status = 400
    return render(
        request,
        "staffing/offer_series_page.html",
        {
            "states": states,
            "first": offered[0],
            "form": form,
            "open_count": len(open_ids),
        },
        status=status,
    )
