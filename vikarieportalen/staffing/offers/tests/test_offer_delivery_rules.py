"""What the staffing centre is told about each offer SMS: pure rules, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.staffing.offers.rules import (
    REPORT_WINDOW,
    SmsDelivery,
    SmsState,
    offer_answer_state,
    sms_delivery,
    sms_resend_refusal,
    sms_summary,
)

NOW = dt.datetime(2026, 12, 7, 23, 40, tzinfo=STOCKHOLM)
SEVEN = dt.datetime(2026, 12, 8, 7, 0, tzinfo=STOCKHOLM)


def _delivery(status: str | None, **fields: object) -> SmsDelivery:
    values: dict = {"next_attempt_at": None, "sent_at": None, "last_error": "", "now": NOW, **fields}
    return sms_delivery(status=status, **values)


@pytest.mark.parametrize(
    ("status", "state", "final"),
    [
        (None, SmsState.NONE, True),
        ("queued", SmsState.QUEUED, False),
        ("sending", SmsState.QUEUED, False),
        ("held", SmsState.HELD, False),
        ("delivered", SmsState.DELIVERED, True),
        ("failed", SmsState.FAILED, True),
        ("refused", SmsState.FAILED, True),
    ],
)
def test_each_outbox_status_is_told_as_one_state(status, state, final):
    delivery = _delivery(status)
    assert (delivery.state, delivery.final) == (state, final)


def test_a_held_sms_says_when_it_goes():
    assert _delivery("held", next_attempt_at=SEVEN).held_until == SEVEN


def test_a_failed_sms_keeps_the_gateways_reason():
    delivery = _delivery("failed", last_error="gateway: not delivered to the phone")
    assert delivery.reason == "gateway: not delivered to the phone"


def test_a_sent_sms_waits_for_its_delivery_report_for_a_while_only():
    assert not _delivery("sent", sent_at=NOW - REPORT_WINDOW + dt.timedelta(seconds=1)).final
    assert _delivery("sent", sent_at=NOW - REPORT_WINDOW).final


def test_everyone_got_it_only_when_every_sms_was_delivered():
    delivered = _delivery("delivered")
    assert sms_summary([delivered, delivered]).all_delivered
    assert not sms_summary([delivered, _delivery("failed")]).all_delivered
    assert not sms_summary([delivered, _delivery("held", next_attempt_at=SEVEN)]).all_delivered
    assert not sms_summary([delivered, _delivery("sent", sent_at=NOW)]).all_delivered
    assert not sms_summary([delivered, _delivery(None)]).all_delivered
    assert not sms_summary([]).all_delivered


def test_the_summary_counts_each_state_and_the_last_held_time():
    earlier = SEVEN - dt.timedelta(hours=1)
    summary = sms_summary(
        [
            _delivery("failed"),
            _delivery("held", next_attempt_at=earlier),
            _delivery("held", next_attempt_at=SEVEN),
            _delivery("delivered"),
        ]
    )
    assert summary.counts == {SmsState.FAILED: 1, SmsState.HELD: 2, SmsState.DELIVERED: 1}
    assert summary.held_until == SEVEN
    assert summary.total == 4 and not summary.final


def test_the_summary_is_final_when_every_sms_is():
    assert sms_summary([_delivery("failed"), _delivery("delivered"), _delivery(None)]).final


def test_an_open_offer_past_its_time_is_expired():
    assert offer_answer_state(status="open", expires_at=NOW, now=NOW) == "expired"
    assert offer_answer_state(status="open", expires_at=SEVEN, now=NOW) == "open"
    assert offer_answer_state(status="declined", expires_at=SEVEN, now=NOW) == "declined"


@pytest.mark.parametrize(
    ("answer", "sms", "refusal"),
    [
        ("open", SmsState.FAILED, None),
        ("open", SmsState.QUEUED, "not_failed"),
        ("open", SmsState.HELD, "not_failed"),
        ("open", SmsState.SENT, "not_failed"),
        ("open", SmsState.DELIVERED, "not_failed"),
        ("open", SmsState.NONE, "no_sms"),
        ("expired", SmsState.FAILED, "not_open"),
        ("declined", SmsState.FAILED, "not_open"),
        ("withdrawn", SmsState.FAILED, "not_open"),
        ("taken", SmsState.FAILED, "not_open"),
        ("accepted", SmsState.FAILED, "not_open"),
    ],
)
def test_only_a_failed_sms_of_an_open_offer_is_sent_again(answer, sms, refusal):
    assert sms_resend_refusal(answer_state=answer, sms=sms) == refusal
