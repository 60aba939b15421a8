"""Writes about push notices: a device turned on or off, the person's choices, a notice opened."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.core.errors import Refused
from vikarieportalen.notifications.models import (
    Channel,
    Message,
    NoticeCategory,
    NoticeChannel,
    NoticePreference,
    PushSubscription,
    Status,
)
from vikarieportalen.notifications.push.backend import AddressRefused, HostUnresolved, endpoint_host_check
from vikarieportalen.notifications.push.rules import (
    SubscriptionProblem,
    device_label,
    endpoint_problem,
    keys_valid,
)

if TYPE_CHECKING:
    from vikarieportalen.accounts.models import User

SUBSCRIPTIONS_PER_USER = 10  # a person's phones and computers; the oldest goes to make room


def _problem_text(problem: SubscriptionProblem) -> str:
    return {
        SubscriptionProblem.MALFORMED: _("The browser sent a push subscription the portal cannot read."),
        SubscriptionProblem.NOT_HTTPS: _("The push address must use https."),
        SubscriptionProblem.PRIVATE_ADDRESS: _("The push address points to a private or local network."),
        SubscriptionProblem.NOT_ALLOWED: _("The push address is not at a push service the portal uses."),
        SubscriptionProblem.BAD_KEYS: _("The browser sent push keys the portal cannot use."),
    }[problem]


def _parsed(data: Any) -> tuple[str, str, str]:
    """endpoint, p256dh, auth from the JSON of ``PushSubscription.toJSON()``; Refused if malformed."""
    if not isinstance(data, dict):
        raise Refused(_problem_text(SubscriptionProblem.MALFORMED), code=SubscriptionProblem.MALFORMED)
    keys = data.get("keys")
    endpoint = data.get("endpoint")
    if not isinstance(endpoint, str) or not isinstance(keys, dict):
        raise Refused(_problem_text(SubscriptionProblem.MALFORMED), code=SubscriptionProblem.MALFORMED)
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    if not isinstance(p256dh, str) or not isinstance(auth, str) or not keys_valid(p256dh=p256dh, auth=auth):
        raise Refused(_problem_text(SubscriptionProblem.BAD_KEYS), code=SubscriptionProblem.BAD_KEYS)
    return endpoint, p256dh, auth


def push_subscription_save(*, user: User, data: Any, user_agent: str = "") -> PushSubscription:
    """Turn push on for the device that sent ``data`` (its PushManager subscription, as JSON).

    Refused, storing nothing, when it is malformed, when its address is not one the portal may post
    to (``rules.endpoint_problem``, then its host resolved: ``backend.endpoint_host_check``), or
    when the device is already registered to another person. The name is resolved before the
    transaction: a slow resolver holds no lock.
    """
    endpoint, p256dh, auth = _parsed(data)
    problem = endpoint_problem(endpoint, allowed=settings.PUSH_ALLOWED_SERVICES)
    if problem is not None:
        raise Refused(_problem_text(problem), code=problem)
    try:
        endpoint_host_check(endpoint)
    except HostUnresolved as exc:
        raise Refused(
            _("The push address's host name could not be found. Try again later."), code="unresolved"
        ) from exc
    except AddressRefused as exc:
        problem = SubscriptionProblem.PRIVATE_ADDRESS
        raise Refused(_problem_text(problem), code=problem) from exc
    return _subscription_store(user=user, endpoint=endpoint, p256dh=p256dh, auth=auth, user_agent=user_agent)


@transaction.atomic
def _subscription_store(
    *, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str
) -> PushSubscription:
    existing = PushSubscription.objects.select_for_update().filter(endpoint=endpoint).first()
    if existing is not None and existing.user_id != user.pk:
        raise Refused(
            _("This browser already receives another person's notices. They must turn push off on it first."),
            code="other_user",
        )
    label = device_label(user_agent)
    if existing is not None:
        existing.p256dh, existing.auth, existing.device_label = p256dh, auth, label
        existing.save(update_fields=["p256dh", "auth", "device_label"])
        return existing
    surplus = PushSubscription.objects.filter(user=user).order_by("-created_at", "-id")[
        SUBSCRIPTIONS_PER_USER - 1 :
    ]
    PushSubscription.objects.filter(pk__in=[row.pk for row in surplus]).delete()
    return PushSubscription.objects.create(
        user=user, endpoint=endpoint, p256dh=p256dh, auth=auth, device_label=label
    )


@transaction.atomic
def push_subscription_remove(*, user: User, data: Any = None, subscription_id: int | None = None) -> None:
    """Turn push off for one of the person's own devices: by the browser's subscription or by id.

    Refused for a device that is not theirs (or not known): nothing is removed.
    """
    rows = PushSubscription.objects.filter(user=user)
    if subscription_id is not None:
        rows = rows.filter(pk=subscription_id)
    else:
        endpoint = data.get("endpoint") if isinstance(data, dict) else None
        if not isinstance(endpoint, str) or not endpoint:
            raise Refused(_problem_text(SubscriptionProblem.MALFORMED), code=SubscriptionProblem.MALFORMED)
        rows = rows.filter(endpoint=endpoint)
    if not rows.delete()[0]:
        raise Refused(_("That device does not receive your push notices."), code="not_yours")


@transaction.atomic
def notice_preferences_save(*, user: User, choices: dict[str, str]) -> None:
    """Push, SMS or both for each category; a category left out keeps its choice."""
    for category, channel in choices.items():
        if category not in NoticeCategory.values or channel not in NoticeChannel.values:
            raise Refused(_("Choose push, SMS or both."), code="bad_choice")
        NoticePreference.objects.update_or_create(user=user, category=category, defaults={"channel": channel})
    user.__dict__.pop("_notice_channels", None)  # the outbox's reading of them, on this user object


def notice_preferences(*, user: User) -> dict[str, str]:
    """The person's choice per category; SMS where they have not chosen."""
    chosen = dict(NoticePreference.objects.filter(user=user).values_list("category", "channel"))
    return {category: chosen.get(category, NoticeChannel.SMS) for category in NoticeCategory.values}


@transaction.atomic
def push_opened(*, token: str) -> bool:
    """The service worker says the person opened a push notice: its stand-in SMS is not sent.

    False for an unknown token. Opening twice changes nothing. If the SMS is already on its way
    (the time ran out first), it is too late to stop it.
    """
    if not token:
        return False
    push = Message.objects.filter(channel=Channel.PUSH, push_token=token).first()
    if push is None:
        return False
    now = timezone.now()
    Message.objects.filter(pk=push.pk, opened_at__isnull=True).update(opened_at=now, updated_at=now)
    Message.objects.filter(fallback_for=push, status=Status.WAITING).update(
        status=Status.SKIPPED, next_attempt_at=None, updated_at=now
    )
    return True
