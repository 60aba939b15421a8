"""Group messages (utskick) and the inbox: the staffing centre's and administrators' pages.

Compose → preview (count, SMS parts, cost, whether it waits for the morning) → send. Every page
is behind a strong login (``staffing:group_*`` in PERSONAL_DATA_PAGES): the group, the replies and
their numbers are other people's personal data.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from vikarieportalen.core.access import role_required
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.http import list_page, request_user, safe_next_url
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.messages import selectors, services
from vikarieportalen.staffing.messages.forms import ConfirmForm, GroupMessageForm
from vikarieportalen.staffing.models import InboundMessage

PAGE_SIZE = 25
staff_required = role_required(Role.STAFFING_CENTRE, Role.ADMINISTRATOR)
INBOX_FILTERS = ("open", "handled", "all")


@require_GET
@staff_required
def group_messages(request: HttpRequest) -> HttpResponse:
    page, query = list_page(request, selectors.group_message_list(), PAGE_SIZE)
    return render(request, "staffing/group_messages.html", {"page": page, "query": query})


def _compose(
    request: HttpRequest, form: GroupMessageForm, confirm: ConfirmForm, **extra: Any
) -> HttpResponse:
    return render(request, "staffing/group_message_new.html", {"form": form, "confirm": confirm, **extra})


@staff_required
def group_message_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _compose(request, GroupMessageForm(), ConfirmForm())
    form = GroupMessageForm(request.POST)
    confirm = ConfirmForm(request.POST)
    if not form.is_valid() or not confirm.is_valid():
        return _compose(request, form, confirm)
    choice = form.choice()
    if request.POST.get("step") == "send":
        try:
            sent = services.group_message_send(
                by=request_user(request),
                choice=choice,
                text=form.cleaned_data["text"],
                confirmed=confirm.cleaned_data["confirm"],
                previewed_count=confirm.cleaned_data["previewed_count"],
            )
        except Refused as refused:
            # On the text field when it is the text; otherwise above the form (the group, the caps,
            # the confirmation), with a fresh preview below.
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            messages.success(
                request,
                ngettext(
                    "The message is on its way to %(count)d person.",
                    "The message is on its way to %(count)d people.",
                    sent.recipient_count,
                )
                % {"count": sent.recipient_count},
            )
            return redirect("staffing:group_message_detail", message_id=sent.pk)
    preview = services.group_message_preview(choice=choice, text=form.cleaned_data["text"])
    confirm = ConfirmForm(initial={"previewed_count": preview.preview.recipients})
    return _compose(request, form, confirm, preview=preview, group=choice.describe())


@require_GET
@staff_required
def group_message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    message = get_object_or_404(selectors.group_message_list(), pk=message_id)
    replies = message.replies.select_related("sender").order_by("-received_at", "-pk")
    return render(request, "staffing/group_message_detail.html", {"message": message, "replies": replies})


@require_GET
@staff_required
def group_inbox(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("visa", "open")
    if show not in INBOX_FILTERS:
        show = "open"
    page, query = list_page(request, selectors.inbox_list(show=show), PAGE_SIZE)
    return render(request, "staffing/group_inbox.html", {"page": page, "query": query, "show": show})


@require_POST
@staff_required
def group_inbox_mark(request: HttpRequest, inbound_id: int) -> HttpResponse:
    try:
        inbound = InboundMessage.objects.get(pk=inbound_id)
    except InboundMessage.DoesNotExist as exc:
        raise Http404 from exc
    handled = request.POST.get("handled") != "0"
    services.inbound_message_mark(message=inbound, by=request_user(request), handled=handled)
    messages.success(request, _("Marked as handled.") if handled else _("Marked as not handled."))
    return redirect(
        safe_next_url(request, request.POST.get("next"), fallback=reverse("staffing:group_inbox"))
    )
