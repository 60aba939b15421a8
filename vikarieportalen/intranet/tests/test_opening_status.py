"""Contact cards say whether they are open now, in Stockholm time; e-mail addresses break at the @."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from vikarieportalen.intranet.opening_hours import STOCKHOLM
from vikarieportalen.intranet.templatetags.intranet_tags import (
    email_with_break,
    opening_status_text,
)
from vikarieportalen.intranet.tests.factories import ContactCardFactory, staffing_centre_contact
from vikarieportalen.testing import INSIDE_ADDRESS, client_from

pytestmark = pytest.mark.django_db

PAYROLL_HOURS = [(range(0, 5), dt.time(8), dt.time(12))]


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=STOCKHOLM)  # type: ignore[misc]


def english(card: Any, now: dt.datetime) -> tuple[str, str] | None:
    with translation.override("en"):
        text = opening_status_text(card, now=now)
    return None if text is None else (text.headline, text.detail)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2026, 3, 2, 9, 0), ("Open now", "until 11.30")),
        (at(2026, 3, 2, 11, 45), ("Closed now", "opens today at 12.30")),  # lunch
        (at(2026, 3, 2, 16, 0), ("Closed now", "opens tomorrow at 6.30")),
        (at(2026, 3, 8, 13, 59), ("Open now", "until 14")),  # an ordinary Sunday
        (at(2026, 12, 24, 9, 0), ("Closed today: Christmas Eve", "opens Sunday at 6.30")),
        (at(2026, 6, 19, 9, 0), ("Closed today: Midsummer Eve", "opens Sunday at 6.30")),
    ],
)
def test_staffing_centre_status_in_english(now: dt.datetime, expected: tuple[str, str]) -> None:
    assert english(staffing_centre_contact(), now) == expected


def test_payroll_on_friday_afternoon_opens_monday() -> None:
    card = ContactCardFactory(hours=PAYROLL_HOURS)
    assert english(card, at(2026, 3, 6, 13, 0)) == ("Closed now", "opens Monday at 8")


def test_a_week_or_more_ahead_gives_the_date() -> None:
    fridays_only = ContactCardFactory(hours=[([4], dt.time(8), dt.time(12))])
    assert english(fridays_only, at(2026, 6, 19, 9, 0)) == (
        "Closed today: Midsummer Eve",
        "opens Friday 26 June at 8",
    )


def test_contact_without_hours_has_no_status() -> None:
    assert english(ContactCardFactory(), at(2026, 3, 2, 9, 0)) is None


def test_status_in_swedish_uses_swedish_holiday_names_and_days() -> None:
    card = staffing_centre_contact()
    with translation.override("sv"):
        text = opening_status_text(card, now=at(2026, 12, 24, 9, 0))
        weekday = gettext("Sunday")
    assert text is not None
    assert "Julafton" in text.headline
    assert weekday in text.detail


def test_card_on_the_start_page_shows_status_at_the_current_time(time_machine: Any) -> None:
    staffing_centre_contact()
    client = client_from(INSIDE_ADDRESS)
    time_machine.move_to(at(2026, 3, 2, 9, 0), tick=False)
    html = client.get("/").text
    assert 'class="open-status open-status--open"' in html
    time_machine.move_to(at(2026, 3, 29, 1, 30), tick=False)  # the night the clocks go forward
    html = client.get("/").text
    assert 'class="open-status open-status--closed"' in html


def test_email_breaks_before_the_at_sign_and_stays_escaped() -> None:
    assert email_with_break("bemanningscentrum@kristinehamn.se") == "bemanningscentrum<wbr>@kristinehamn.se"
    assert email_with_break('a<b>"@x.se') == "a&lt;b&gt;&quot;<wbr>@x.se"
    assert email_with_break("no-at-sign") == "no-at-sign"


def test_card_links_the_whole_address_and_shows_the_break() -> None:
    card = staffing_centre_contact()
    html = Template('{% include "intranet/_contact_card.html" %}').render(Context({"contact": card}))
    assert 'href="mailto:bemanningscentrum@kristinehamn.se"' in html
    assert re.search(r">\s*bemanningscentrum<wbr>@kristinehamn\.se\s*</a>", html)


def test_start_page_card_shows_open_now_with_closing_time(time_machine: Any) -> None:
    staffing_centre_contact()
    time_machine.move_to(at(2026, 3, 2, 13, 0), tick=False)
    client: Client = client_from(INSIDE_ADDRESS)
    html = client.get("/").text
    status = re.search(r'<p class="open-status[^"]*">(.*?)</p>', html, re.S)
    assert status is not None
    with translation.override("sv"):
        assert gettext("Open now") in status.group(1)
        assert gettext("until %(time)s") % {"time": "16"} in status.group(1)
