"""Group messages: pure rules for the preview (parts, cost), the caps and where a reply goes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from vikarieportalen.core.errors import Refused
from vikarieportalen.notifications.rules import SmsEncoding, sms_length


@dataclass(frozen=True)
class Caps:
    per_message: int
    per_day: int
    confirm_above: int
    max_segments: int


@dataclass(frozen=True)
class Preview:
    recipients: int
    encoding: SmsEncoding
    segments: int  # per recipient
    cost_ore: int

    @property
    def parts_total(self) -> int:
        return self.recipients * self.segments

    @property
    def cost_kronor(self) -> Decimal:
        return kronor(self.cost_ore)


def kronor(ore: int) -> Decimal:
    """Öre as kronor, for ``floatformat:2`` (which writes the decimal comma in Swedish)."""
    return Decimal(ore) / 100


def cost_ore(*, recipients: int, segments: int, price_per_segment_ore: int) -> int:
    """What sending costs: every recipient gets every part."""
    return recipients * segments * price_per_segment_ore


def preview_for(*, text: str, recipients: int, price_per_segment_ore: int) -> Preview:
    length = sms_length(text)
    return Preview(
        recipients=recipients,
        encoding=length.encoding,
        segments=length.segments,
        cost_ore=cost_ore(
            recipients=recipients, segments=length.segments, price_per_segment_ore=price_per_segment_ore
        ),
    )


def needs_confirmation(*, recipients: int, caps: Caps) -> bool:
    return recipients > caps.confirm_above


def send_check(*, text: str, preview: Preview, sent_today: int, caps: Caps, confirmed: bool) -> None:
    """Refuse (``Refused`` with a code) a group message that must not go; nothing is sent then."""
    if not text.strip():
        raise Refused(_("Write the message."), code="empty_text", field="text")
    if preview.segments > caps.max_segments:
        raise Refused(
            _("The text needs %(segments)d SMS parts, but at most %(max)d are allowed. Shorten it.")
            % {"segments": preview.segments, "max": caps.max_segments},
            code="too_long",
            field="text",
        )
    if preview.recipients == 0:
        raise Refused(_("Nobody is in the group you chose. Widen the choices."), code="no_recipients")
    if preview.recipients > caps.per_message:
        raise Refused(
            _(
                "The group has %(count)d people, but one message may go to at most %(max)d. "
                "Narrow the choices."
            )
            % {"count": preview.recipients, "max": caps.per_message},
            code="over_cap",
        )
    if sent_today + preview.recipients > caps.per_day:
        raise Refused(
            _(
                "Today's group messages have gone to %(sent)d people; this one would pass the limit of "
                "%(max)d a day. Narrow the choices or send tomorrow."
            )
            % {"sent": sent_today, "max": caps.per_day},
            code="over_day_cap",
        )
    if needs_confirmation(recipients=preview.recipients, caps=caps) and not confirmed:
        raise Refused(
            _("The message goes to %(count)d people: tick the box to confirm.")
            % {"count": preview.recipients},
            code="confirm",
            field="confirm",
        )


@dataclass(frozen=True)
class InboundRoute:
    store: bool  # keep it in the staffing centre's inbox
    consume: bool  # no other handler (the offers' help reply) sees it


def inbound_route(
    *, known_sender: bool, parses_as_answer: bool, has_open_offer: bool, answers_group: bool
) -> InboundRoute:
    """Where an incoming SMS goes.

    - A stranger's text is not kept (nobody there to help, and no reason to hold it).
    - "JA 4711" from someone with an open offer is an offer answer: the offers handle it alone.
    - A reply to a group message is the inbox's: kept and answered by a person, not the help SMS.
    - Any other text from a known person is kept, and the offers may still send their help SMS.
    """
    if not known_sender:
        return InboundRoute(store=False, consume=False)
    if parses_as_answer and has_open_offer:
        return InboundRoute(store=False, consume=False)
    return InboundRoute(store=True, consume=answers_group)
