from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vikarieportalen.intranet.models import FaqPage
from vikarieportalen.intranet.selectors import (
    contact_card_footer,
    contact_card_list,
    faq_topics,
    notice_list_current,
)
from vikarieportalen.intranet.tests.factories import (
    ContactCardFactory,
    FaqEntryFactory,
    FaqPageFactory,
    NoticeFactory,
    staffing_centre_contact,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = dt.datetime(2026, 5, 1, 8, 0, tzinfo=STOCKHOLM)
END = dt.datetime(2026, 6, 1, 0, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def windowed() -> object:
    return NoticeFactory(title="Flytten", starts_at=START, ends_at=END)


def current_titles() -> list[str]:
    return [notice.title for notice in notice_list_current()]


@pytest.mark.parametrize(
    ("now", "shown"),
    [
        pytest.param(START - dt.timedelta(seconds=1), False, id="a-second-before-start"),
        pytest.param(START, True, id="at-start"),
        pytest.param(dt.datetime(2026, 5, 15, 12, tzinfo=STOCKHOLM), True, id="inside"),
        pytest.param(END - dt.timedelta(seconds=1), True, id="a-second-before-end"),
        pytest.param(END, False, id="at-end"),
        pytest.param(dt.datetime(2027, 1, 1, tzinfo=STOCKHOLM), False, id="long-after"),
    ],
)
def test_notice_is_shown_only_inside_its_window(windowed: object, now: dt.datetime, shown: bool) -> None:
    with time_machine.travel(now, tick=False):
        assert current_titles() == (["Flytten"] if shown else [])


def test_open_ended_notice_is_shown_for_ever_after_start() -> None:
    NoticeFactory(title="Tills vidare", starts_at=START, ends_at=None)
    with time_machine.travel(START - dt.timedelta(minutes=1), tick=False):
        assert current_titles() == []
    with time_machine.travel(dt.datetime(2035, 1, 1, tzinfo=STOCKHOLM), tick=False):
        assert current_titles() == ["Tills vidare"]


def test_current_notices_are_newest_first() -> None:
    NoticeFactory(title="Äldre", starts_at=START - dt.timedelta(days=10))
    NoticeFactory(title="Nyare", starts_at=START)
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        assert current_titles() == ["Nyare", "Äldre"]


def test_contact_cards_come_in_sort_order_with_hours_by_day() -> None:
    later = ContactCardFactory(name="Lönecentrum", sort_order=5)
    first = staffing_centre_contact(sort_order=1)
    cards = list(contact_card_list())
    assert cards == [first, later]
    days = [(row.weekday, row.opens.hour) for row in cards[0].opening_hours.all()]
    assert days == sorted(days)
    assert len(days) == 12


def test_footer_contact_is_the_one_marked_for_the_footer() -> None:
    ContactCardFactory(name="Lönecentrum")
    assert contact_card_footer() is None
    staffing_centre_contact()
    footer = contact_card_footer()
    assert footer is not None
    assert footer.name == "Bemanningscentrum"


def test_faq_topics_keep_the_order_they_first_appear_in() -> None:
    page = FaqPageFactory(
        entries=[
            FaqEntryFactory(topic="Logga in", question="A?"),
            FaqEntryFactory(topic="Lösenord", question="B?"),
            FaqEntryFactory(topic="Logga in", question="C?"),
        ]
    )
    topics = faq_topics(page=FaqPage.objects.get(pk=page.pk))
    assert [(topic, [e.question for e in entries]) for topic, entries in topics] == [
        ("Logga in", ["A?", "C?"]),
        ("Lösenord", ["B?"]),
    ]
