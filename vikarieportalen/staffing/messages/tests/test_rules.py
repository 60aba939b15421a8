"""Group messages' pure rules: SMS parts, cost, the caps and the confirmation, where a reply goes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from vikarieportalen.core.errors import Refused
from vikarieportalen.notifications.rules import SmsEncoding
from vikarieportalen.staffing.messages import rules

CAPS = rules.Caps(per_message=100, per_day=250, confirm_above=20, max_segments=3)


def preview(
    text: str = "Vi behöver folk i morgon förmiddag på Solbacken.", recipients: int = 10
) -> rules.Preview:
    return rules.preview_for(text=text, recipients=recipients, price_per_segment_ore=45)


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("å" * 160, SmsEncoding.GSM, 1),  # å ä ö are in the GSM alphabet
        ("å" * 161, SmsEncoding.GSM, 2),  # then 153 a part
        ("a" * 306, SmsEncoding.GSM, 2),
        ("a" * 307, SmsEncoding.GSM, 3),
        ("ł" * 70, SmsEncoding.UCS2, 1),  # one character outside it: UCS-2, 70 …
        ("ł" * 71, SmsEncoding.UCS2, 2),  # … then 67 a part
        ("ł" * 135, SmsEncoding.UCS2, 3),
    ],
)
def test_parts_follow_gsm_and_ucs2_limits(text: str, encoding: SmsEncoding, segments: int) -> None:
    result = preview(text, recipients=1)
    assert (result.encoding, result.segments) == (encoding, segments)


def test_cost_is_recipients_times_parts_times_price() -> None:
    result = preview("a" * 200, recipients=120)  # two parts
    assert result.parts_total == 240
    assert result.cost_ore == 240 * 45
    assert result.cost_kronor == Decimal("108")


def test_a_good_message_passes() -> None:
    rules.send_check(text="Hej", preview=preview(recipients=20), sent_today=0, caps=CAPS, confirmed=False)


@pytest.mark.parametrize(
    ("text", "recipients", "sent_today", "confirmed", "code"),
    [
        ("   ", 10, 0, True, "empty_text"),
        ("Hej", 0, 0, True, "no_recipients"),
        ("Hej", 101, 0, True, "over_cap"),
        ("Hej", 60, 200, True, "over_day_cap"),
        ("Hej", 21, 0, False, "confirm"),
    ],
)
def test_bad_messages_are_refused_with_a_reason(
    text: str, recipients: int, sent_today: int, confirmed: bool, code: str
) -> None:
    with pytest.raises(Refused) as refused:
        rules.send_check(
            text=text,
            preview=preview(recipients=recipients),
            sent_today=sent_today,
            caps=CAPS,
            confirmed=confirmed,
        )
    assert refused.value.code == code
    assert refused.value.message


def test_a_text_over_the_part_limit_is_refused() -> None:
    with pytest.raises(Refused) as refused:
        rules.send_check(text="a" * 500, preview=preview("a" * 500), sent_today=0, caps=CAPS, confirmed=True)
    assert refused.value.code == "too_long"


def test_confirmation_only_above_the_threshold() -> None:
    assert not rules.needs_confirmation(recipients=20, caps=CAPS)
    assert rules.needs_confirmation(recipients=21, caps=CAPS)


@pytest.mark.parametrize(
    ("known", "answer", "open_offer", "group", "store", "consume"),
    [
        (False, False, False, True, False, False),  # a stranger: not kept
        (True, True, True, True, False, False),  # "JA 4711" with an offer open: the offers'
        (True, True, False, True, True, True),  # "Ja!" to a group message, nothing open: the inbox's
        (True, False, True, True, True, True),  # a reply to a group message: no help SMS
        (True, False, True, False, True, False),  # other text: kept, the offers may still help
        (True, False, False, False, True, False),
    ],
)
def test_where_an_incoming_sms_goes(
    known: bool, answer: bool, open_offer: bool, group: bool, store: bool, consume: bool
) -> None:
    route = rules.inbound_route(
        known_sender=known, parses_as_answer=answer, has_open_offer=open_offer, answers_group=group
    )
    assert (route.store, route.consume) == (store, consume)
