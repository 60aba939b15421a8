"""Dates and times in the portal's one style: "9 dec", "13.30" in Swedish; "9 Dec", "13:30" in English.

The formats live in core/formats/<language>/formats.py; these tests pin what Django's filters, the
``formatted`` filter and core.time make of them, and that no page or message spells a format of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from vikarieportalen.core.time import STOCKHOLM, clock_text, date_text, midnight_end_text, named_format

APP = Path(__file__).resolve().parents[2]
MOMENT = dt.datetime(2026, 12, 9, 0, 31, tzinfo=STOCKHOLM)  # half past midnight: "a.m." in Django's English


def _render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load portal_tags %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "swedish", "english"),
    [
        ("{{ m|time }}", "00.31", "00:31"),
        ("{{ m|date }}", "9 december 2026", "9 December 2026"),
        ('{{ m|date:"DATETIME_FORMAT" }}', "9 december 2026 00.31", "9 December 2026 00:31"),
        ('{{ m|date:"SHORT_DATETIME_FORMAT" }}', "9 dec 2026 00.31", "9 Dec 2026 00:31"),
        ('{{ m|date:"SHORT_DATE_FORMAT" }}', "9 dec 2026", "9 Dec 2026"),
        ('{{ m|formatted:"DAY_FORMAT" }}', "9 dec", "9 Dec"),
        ('{{ m|formatted:"DAY_TIME_FORMAT" }}', "9 dec 00.31", "9 Dec 00:31"),
        ('{{ m|formatted:"WEEKDAY_DAY_FORMAT" }}', "ons 9 dec", "Wed 9 Dec"),
    ],
)
def test_templates_write_dates_and_times_in_the_portal_style(source: str, swedish: str, english: str) -> None:
    assert _render(source, "sv", m=MOMENT) == swedish
    assert _render(source, "en", m=MOMENT) == english


def test_a_moment_in_another_zone_is_shown_in_swedish_time() -> None:
    utc = dt.datetime(2026, 7, 1, 11, 30, tzinfo=dt.UTC)
    assert _render('{{ m|formatted:"DAY_TIME_FORMAT" }}', "sv", m=utc) == "1 jul 13.30"
    with translation.override("sv"):
        assert date_text(utc, "DAY_TIME_FORMAT") == "1 jul 13.30"


def test_english_never_says_a_m_or_p_m() -> None:
    for hour in (0, 12, 23):
        moment = MOMENT.replace(hour=hour)
        for name in ("TIME_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"):
            source = f'{{{{ m|date:"{name}" }}}}'
            text = _render(source, "en", m=moment)
            assert "m." not in text and f"{hour:02d}:31" in text


@pytest.mark.parametrize(
    ("language", "expected"), [("sv", ("13.30", "00.31", "24.00")), ("en", ("13:30", "00:31", "24:00"))]
)
def test_clock_text_and_the_end_of_the_day(language: str, expected: tuple[str, str, str]) -> None:
    with translation.override(language):
        assert (clock_text(dt.time(13, 30)), clock_text(MOMENT), midnight_end_text()) == expected


def test_an_unknown_format_name_is_an_error() -> None:
    with translation.override("sv"), pytest.raises(ValueError, match="NO_SUCH_FORMAT"):
        named_format("NO_SUCH_FORMAT")


# Format characters that differ between the languages (time, month abbreviations, a.m.): a page or
# message names a format from core/formats instead of spelling one.
_OWN_FORMAT = re.compile(r'\|(?:date|time):"(?![A-Z_]+")([^"]*[HhGgiAaPMbN][^"]*)"')
_OWN_PYTHON_FORMAT = re.compile(r'(?<!%Y-%m-%d )%H[:.]%M|date_format\([^)]*"[^"_]*[HiMbP][^"_]*"')
# Machine formats, not read by a person in a language: <input type="time"> values, JSON export,
# __str__ for the admin's logs.
_PYTHON_ALLOWED = {
    "staffing/shifts/forms.py",
    "staffing/availability/forms.py",
    "privacy/export/sections/values.py",
    "staffing/models/availability.py",
    "intranet/models/contacts.py",
}


def test_no_template_spells_a_time_or_month_format_of_its_own() -> None:
    found = [
        f"{path.relative_to(APP)}: {match}"
        for path in APP.rglob("templates/**/*.*")
        if path.suffix in {".html", ".txt"}
        for match in _OWN_FORMAT.findall(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_no_code_spells_a_time_or_month_format_of_its_own() -> None:
    found = [
        f"{path.relative_to(APP)}: {match.group(0)}"
        for path in APP.rglob("*.py")
        if "tests" not in path.parts
        and "formats" not in path.parts
        and str(path.relative_to(APP)) not in _PYTHON_ALLOWED
        for match in _OWN_PYTHON_FORMAT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
