from __future__ import annotations

import hmac
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from vikarieportalen.core.access import role_required
from vikarieportalen.core.http import safe_next_url
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications import selectors, services
from vikarieportalen.notifications.forms import OutboxFilterForm, SmsReplySimulateForm
from vikarieportalen.notifications.inbound import InboundSms, inbound_sms_dispatch
from vikarieportalen.notifications.models import Channel, Message
from vikarieportalen.notifications.phone import normalize_mobile_number

OUTBOX_PAGE_SIZE = 50


@csrf_exempt  # the gateway posts here; the secret in the URL authenticates it
@require_POST
def sms_delivery_report(request: HttpRequest, secret: str) -> HttpResponse:
    expected = settings.SMS_CALLBACK_SECRET
    if not expected or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise Http404
    gateway_id = request.POST.get("id", "")
    if gateway_id:
        services.message_delivery_report(gateway_id=gateway_id, status=request.POST.get("status", ""))
    # Always 200: unknown or repeated reports are ignored, and the gateway need not send them again.
    return HttpResponse(status=200)


def _secret_matches(secret: str) -> bool:
    expected = settings.SMS_CALLBACK_SECRET
    return bool(expected) and hmac.compare_digest(secret.encode(), expected.encode())


@csrf_exempt  # the gateway posts here; the secret in the URL authenticates it
@require_POST
def sms_inbound(request: HttpRequest, secret: str) -> HttpResponse:
    """An SMS someone sent to the portal's number (46elks: from, to, message, id, created)."""
    if not _secret_matches(secret):
        raise Http404
    try:
        sender = normalize_mobile_number(request.POST.get("from", ""))
    except ValidationError:
        return HttpResponse(status=200)  # not a number we could answer; nothing to do
    inbound_sms_dispatch(
        InboundSms(
            gateway_id=request.POST.get("id", "")[:100],
            sender=sender,
            to=request.POST.get("to", "")[:20],
            text=request.POST.get("message", "")[:1000],
            received_at=timezone.now(),
        )
    )
    # An empty 200: the gateway sends no automatic reply (replies go through the outbox).
    return HttpResponse(status=200)


@role_required(Role.STAFFING_CENTRE, Role.ADMINISTRATOR)
def outbox(request: HttpRequest) -> HttpResponse:
    return _outbox_render(request)


def _outbox_render(
    request: HttpRequest, *, simulate_form: SmsReplySimulateForm | None = None, status: int = 200
) -> HttpResponse:
    form = OutboxFilterForm(request.GET or None, kinds=selectors.message_kinds())
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.message_list(**filters), OUTBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    push_months = selectors.push_months(months=6)  # shown once push notices are in use
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "push_months": push_months if any(row.push or row.segments_saved for row in push_months) else [],
    }
    if simulate_replies_enabled():
        if simulate_form is None:
            newest_sms = next((m.address for m in page.object_list if m.channel == Channel.SMS), "")
            simulate_form = SmsReplySimulateForm(initial={"sender": newest_sms})
        context["simulate_form"] = simulate_form
    return render(request, "notifications/outbox.html", context, status=status)


def simulate_replies_enabled() -> bool:
    """The outbox's "Simulate an SMS reply": a developer's machine only (DEBUG, SMS_SIMULATE_REPLIES),
    and only where a gateway's replies could arrive at all (SMS_CALLBACK_SECRET set)."""
    return bool(settings.DEBUG and settings.SMS_SIMULATE_REPLIES and settings.SMS_CALLBACK_SECRET)


@require_POST
@role_required(Role.STAFFING_CENTRE, Role.ADMINISTRATOR)
def sms_reply_simulate(request: HttpRequest) -> HttpResponse:
    """Development only: hand a typed reply to the inbound handling the gateway's callback uses."""
    if not simulate_replies_enabled():
        raise Http404
    form = SmsReplySimulateForm(request.POST)
    if not form.is_valid():
        return _outbox_render(request, simulate_form=form, status=400)
    handled_by = inbound_sms_dispatch(
        InboundSms(
            gateway_id=f"simulated-{uuid.uuid4().hex}",
            sender=form.cleaned_data["sender"],
            to=settings.SMS_SENDER,
            text=form.cleaned_data["text"],
            received_at=timezone.now(),
        )
    )
    if handled_by is None:
        messages.warning(
            request, _("The portal did nothing with the reply: nothing from that number awaits an answer.")
        )
    else:
        messages.success(
            request, _("The reply was received. Any SMS the portal sent in return is listed below.")
        )
    return redirect("notifications:outbox")


@require_POST
@role_required(Role.STAFFING_CENTRE, Role.ADMINISTRATOR)
def message_retry(request: HttpRequest, message_id: int) -> HttpResponse:
    try:
        services.message_retry(message_id=message_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except Message.DoesNotExist as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("The message will be sent again."))
    return redirect(safe_next_url(request, request.POST.get("next")) or "notifications:outbox")
