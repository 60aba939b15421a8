"""Leavers' pure rules: when a leaver is due for anonymisation, who the HR file leaves out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    """The same local wall-clock moment ``years`` calendar years earlier; 29 February becomes the 28th."""
    if years < 0:
        raise ValueError("years must not be negative")
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February in a year that has none
        return moment.replace(year=moment.year - years, day=28)


def anonymise_due_before(*, now: dt.datetime, years: int) -> dt.datetime:
    """Engagements that ended at or before this moment are past their retention period."""
    return years_before(now, years)


def employee_number_key(employee_number: str) -> str:
    """Employee numbers compare without case or surrounding spaces, as the import's duplicate check does."""
    return employee_number.strip().upper()


def missing_from_file(*, active: Mapping[int, str], in_file: Iterable[str]) -> list[int]:
    """The ids of active people (id → employee number) whose number is not in the HR file, by id."""
    present = {employee_number_key(number) for number in in_file if number.strip()}
    return sorted(pk for pk, number in active.items() if employee_number_key(number) not in present)
