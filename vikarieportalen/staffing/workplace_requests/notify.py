"""Requests to work at more workplaces (*fler arbetsplatser*): telling the substitute and the managers.

Each message is recorded in the notifications outbox in the service's transaction and sent after
commit, in the recipient's language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from vikarieportalen.notifications.services import in_recipient_language, message_send_email, message_send_sms
from vikarieportalen.staffing.models import WorkplaceRequest
from vikarieportalen.staffing.workplace_requests.rules import area_label, request_workplace

logger = logging.getLogger(__name__)


def request_url(request: WorkplaceRequest) -> str:
    return settings.PUBLIC_URL + reverse("staffing:requests_mine_detail", args=[request.pk])


def substitute_tell(request: WorkplaceRequest, *, event: str, text: Callable[[], str]) -> None:
    """SMS in the substitute's language (e-mail when there is no mobile number); recorded in this
    transaction, sent after commit. No one else's name, no notes: those are on the request page."""
    substitute = request.substitute
    with in_recipient_language(substitute):
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


def managers_tell(request: WorkplaceRequest) -> None:
    """E-mail each manager of the workplace that a request waits for their decision (no names)."""
    workplace = request_workplace(request)
    url = settings.PUBLIC_URL + reverse("staffing:requests_manager_detail", args=[request.pk])
    for manager in workplace.managers.filter(is_active=True).exclude(email=""):
        with in_recipient_language(manager):
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
