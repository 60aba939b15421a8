from __future__ import annotations

import datetime as dt

from vikarieportalen.accounts.rules import parse_personal_identity_number
from vikarieportalen.demo import content
from vikarieportalen.demo.identity.published_numbers import (
    PERSON_WITHOUT_ACCOUNT,
    PUBLISHED_TEST_NUMBERS,
    published_number_born_on,
)


def test_the_published_numbers_are_valid_and_distinct() -> None:
    numbers = [*PUBLISHED_TEST_NUMBERS, PERSON_WITHOUT_ACCOUNT]
    assert len(set(numbers)) == len(numbers)
    for pin in numbers:
        assert parse_personal_identity_number(pin, today=dt.date(2026, 12, 7)) == pin


def test_each_published_number_belongs_to_one_named_demo_person_born_that_day() -> None:
    born = (
        [content.FIRST_SUBSTITUTE[2]]
        + [row[2] for row in content.STAFF]
        + [row[2] for row in content.MANAGERS]
    )
    carried = [published_number_born_on(day) for day in born]
    assert sorted(pin for pin in carried if pin) == sorted(PUBLISHED_TEST_NUMBERS)
    assert published_number_born_on(dt.date(1998, 4, 4)) == "199804042399"
    assert published_number_born_on(dt.date(1975, 3, 14)) is None
