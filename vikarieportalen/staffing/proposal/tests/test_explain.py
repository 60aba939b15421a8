"""The proposal in words: reasons, binding rules and the smallest change, in Swedish and English."""

from __future__ import annotations

from django.utils import translation

from vikarieportalen.staffing.booking.facts import INTRODUCTION, MONTH_HOURS, QUALIFICATION
from vikarieportalen.staffing.proposal import explain
from vikarieportalen.staffing.proposal.facts import (
    ONE_MORE_INTRODUCED,
    ONE_MORE_QUALIFIED,
    ONE_OVERRIDE,
    TAKEN,
    TIME_LIMIT,
)


def test_reason_codes_most_telling_first() -> None:
    assert explain.reason_codes(worked_here_before=True, stated_can=True, urgent=False, sick_leave=False) == [
        explain.WORKED_HERE,
        explain.STATED_CAN,
    ]
    codes = explain.reason_codes(worked_here_before=False, stated_can=False, urgent=True, sick_leave=True)
    assert codes == [explain.NEW_HERE, explain.NOT_STATED_CAN, explain.URGENT, explain.SICK_LEAVE]


def test_assignment_text_in_swedish() -> None:
    with translation.override("sv"):
        text = explain.assignment_text([explain.WORKED_HERE], month_minutes_before=12 * 60)
        assert text == "Har arbetat här förut · 12 h hittills i månaden"
        assert explain.hours_text(450) == "7,5 h"
    with translation.override("en"):
        assert explain.assignment_text([explain.WORKED_HERE], month_minutes_before=0) == (
            "Has worked here before · 0 h so far this month"
        )
        assert explain.hours_text(450) == "7.5 h"


def test_unfilled_text_names_the_binding_rule() -> None:
    with translation.override("sv"):
        assert (
            explain.unfilled_text(QUALIFICATION, qualifications=["Delegering för läkemedel"])
            == "ingen ledig med delegering för läkemedel"
        )
        assert explain.unfilled_text(MONTH_HOURS, month_max_minutes=165 * 60) == (
            "alla med introduktion når 165 h i månaden"
        )
        assert explain.unfilled_text(INTRODUCTION)
        assert explain.unfilled_text(TAKEN)
        assert explain.unfilled_text(TIME_LIMIT)
        assert explain.unfilled_text("something new")  # an unknown code still says something


def test_change_text() -> None:
    with translation.override("sv"):
        assert "introduktion" in explain.change_text(ONE_MORE_INTRODUCED)
        assert "delegering för läkemedel" in explain.change_text(
            ONE_MORE_QUALIFIED, qualifications=["Delegering för läkemedel"]
        )
        assert explain.change_text(ONE_OVERRIDE)
        assert explain.change_text("") == ""
