"""Aimed news, job ad expiry, shortcut links and search words (pure, no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from vikarieportalen.intranet.rules import (
    job_ad_is_open,
    news_is_visible,
    search_terms,
    shortcut_link_attributes,
)

SCHOOL = frozenset({"school"})


@pytest.mark.parametrize(
    ("targets", "reader", "visible"),
    [
        pytest.param([], frozenset(), True, id="for-everyone-anonymous"),
        pytest.param([], None, True, id="for-everyone-staff"),
        pytest.param(["school"], frozenset(), False, id="aimed-anonymous"),
        pytest.param(["school"], SCHOOL, True, id="aimed-at-readers-area"),
        pytest.param(["school", "preschool"], SCHOOL, True, id="one-of-several-areas"),
        pytest.param(["elderly_care"], SCHOOL, False, id="aimed-at-other-area"),
        pytest.param(["elderly_care"], None, True, id="staff-see-everything"),
    ],
)
def test_news_visibility(targets: list[str], reader: frozenset[str] | None, visible: bool) -> None:
    assert news_is_visible(target_areas=targets, reader_areas=reader) is visible


@pytest.mark.parametrize(
    ("today", "open_"),
    [
        pytest.param(dt.date(2026, 3, 30), True, id="day-before"),
        pytest.param(dt.date(2026, 3, 31), True, id="last-day"),
        pytest.param(dt.date(2026, 4, 1), False, id="day-after"),
    ],
)
def test_job_ad_is_open_through_its_last_day(today: dt.date, open_: bool) -> None:
    assert job_ad_is_open(last_application_date=dt.date(2026, 3, 31), today=today) is open_


def test_external_shortcut_opens_in_new_tab_without_opener_or_referrer() -> None:
    attributes = shortcut_link_attributes(url="https://webmail.example-kommun.se", external=True)
    assert attributes["target"] == "_blank"
    assert set(attributes["rel"].split()) == {"noopener", "noreferrer"}


def test_internal_shortcut_opens_in_same_tab() -> None:
    assert shortcut_link_attributes(url="/nyheter/", external=False) == {"href": "/nyheter/"}


def test_search_terms_split_on_whitespace_and_stop_at_ten() -> None:
    assert search_terms("  lön   semester\tschema ") == ["lön", "semester", "schema"]
    assert len(search_terms(" ".join(["ord"] * 50))) == 10
    assert search_terms("   ") == []
