from __future__ import annotations

import pytest
from django.utils import translation

from vikarieportalen.intranet.templatetags.intranet_tags import opening_hours_lines
from vikarieportalen.intranet.tests.factories import (
    STAFFING_CENTRE_HOURS,
    ContactCardFactory,
    staffing_centre_contact,
)

pytestmark = pytest.mark.django_db


def test_staffing_centre_lines_in_swedish() -> None:
    with translation.override("sv"):
        lines = opening_hours_lines(staffing_centre_contact())
    assert lines[0].startswith("mån–fre 6.30–16 (")
    assert "11.30–12.30" in lines[0]
    assert lines[1] == "lör–sön 6.30–14"


def test_staffing_centre_lines_in_english() -> None:
    with translation.override("en"):
        lines = opening_hours_lines(staffing_centre_contact())
    assert lines == ["Mon–Fri 6.30–16 (lunch 11.30–12.30)", "Sat–Sun 6.30–14"]


def test_single_day_has_no_range() -> None:
    card = ContactCardFactory(hours=[([2], *STAFFING_CENTRE_HOURS[2][1:])])
    with translation.override("en"):
        assert opening_hours_lines(card) == ["Wed 6.30–14"]


def test_contact_without_hours_has_no_lines() -> None:
    assert opening_hours_lines(ContactCardFactory()) == []
