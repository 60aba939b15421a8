"""Sweden's public holidays and eves: the one calendar every app reads (OB pay, opening hours,
the support desk's business days, the staffing planner's flags).

Pure functions of plain data, no database. The days come from the ``holidays`` library: Sweden's
public holidays (PUBLIC) plus midsummer eve, Christmas eve and New Year's eve (its DE_FACTO
category, exactly those three eves, days off in practice). The library can also list every Sunday
as a holiday (Swedish law counts Sundays as "allmän helgdag"); we ask it not to
(``include_sundays=False``), so an ordinary Sunday is an ordinary Sunday. Easter Sunday and
Whitsunday are public holidays in their own right.

``swedish_red_days`` is what a planner sees: the same days with their names, plus Easter Eve and
Whitsun Eve (the library's OPTIONAL category holds them among half-days and "squeeze days", so they
are picked by name). The collective agreements' storhelg starts on those eves too; the OB calendar
(``swedish_holidays``) is left as it was, since changing it changes pay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import holidays
from holidays.constants import DE_FACTO, OPTIONAL, PUBLIC

# The library's languages for Sweden; the portal's languages map onto them.
LIBRARY_LANGUAGES = {"sv": "sv", "en": "en_US"}
# Picked from OPTIONAL by their (stable, English) library names: the Saturdays before Easter Sunday
# and Whitsunday.
_WHOLE_DAY_EVES = frozenset({"Holy Saturday", "Pentecost Eve"})


@dataclass(frozen=True)
class RedDay:
    """A public holiday or an eve, with its name in the language asked for."""

    name: str
    is_eve: bool


def library_language(language: str | None) -> str:
    """The library's language for a portal language code ("sv", "en", "en-gb"); Swedish otherwise."""
    return LIBRARY_LANGUAGES.get((language or "sv").split("-")[0].lower(), "sv")


def _calendar(year: int, categories: tuple[str, ...], language: str) -> holidays.HolidayBase:
    return holidays.Sweden(years=year, categories=categories, include_sundays=False, language=language)


@lru_cache(maxsize=32)
def _named_of_year(year: int, language: str) -> dict[dt.date, str]:
    return dict(_calendar(year, (PUBLIC, DE_FACTO), language).items())


@lru_cache(maxsize=32)
def _red_days_of_year(year: int, language: str) -> dict[dt.date, RedDay]:
    eves = set(_calendar(year, (DE_FACTO,), "en_US"))
    eves |= {day for day, name in _calendar(year, (OPTIONAL,), "en_US").items() if name in _WHOLE_DAY_EVES}
    public = _calendar(year, (PUBLIC,), language)
    optional = _calendar(year, (DE_FACTO, OPTIONAL), language)
    days = {day: RedDay(name=name, is_eve=False) for day, name in public.items()}
    days.update({day: RedDay(name=optional[day], is_eve=True) for day in eves})
    return days


def swedish_holidays(years: Iterable[int]) -> frozenset[dt.date]:
    """Sweden's public holidays and the three eves (midsummer, Christmas, New Year's) of ``years``."""
    days: set[dt.date] = set()
    for year in years:
        days |= _named_of_year(year, "sv").keys()
    return frozenset(days)


def swedish_holiday_names(years: Iterable[int], *, language: str = "sv") -> dict[dt.date, str]:
    """The days of ``swedish_holidays`` with their names in ``language`` ("sv" or "en_US")."""
    named: dict[dt.date, str] = {}
    for year in years:
        named.update(_named_of_year(year, language))
    return named


def swedish_red_days(years: Iterable[int], *, language: str = "sv") -> dict[dt.date, RedDay]:
    """Public holidays and the whole-day eves (Easter, Whitsun, midsummer, Christmas, New Year's)
    of ``years``, named in ``language`` ("sv" or "en_US")."""
    days: dict[dt.date, RedDay] = {}
    for year in years:
        days.update(_red_days_of_year(year, language))
    return days


def red_days_of(days: Iterable[dt.date], *, language: str = "sv") -> Mapping[dt.date, RedDay]:
    """The red days among ``days``: each date that is a public holiday or an eve, with its name."""
    chosen = set(days)
    if not chosen:
        return {}
    calendar = swedish_red_days({day.year for day in chosen}, language=language)
    return {day: calendar[day] for day in sorted(chosen) if day in calendar}
