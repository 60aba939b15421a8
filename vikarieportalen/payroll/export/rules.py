"""Pure rules of the payroll export: which lines may go out, the PAXml time code, hours as text.

No database here: the export service (``export.py``) and the file writers (``paxml.py``,
``csv_export.py``) call these with plain values.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from vikarieportalen.core.time import STOCKHOLM

# The time codes (tidkoder) PAXml 2.0 allows: the enumeration ``tidkodTYPE`` in paxml.xsd.
PAXML_TIME_CODES = frozenset(
    (  # noqa: SIM905 - the schema's list as it reads there, 106 codes
        "SJK SJK_KAR SJK_LÖN SJK_ERS SJK_PEN ASK HAV FPE VAB SMB UTB MIL SVE NÄR TJL SEM SEM_BET SEM_SPA "
        "SEM_OBE SEM_FÖR KOM PEM PER FAC ATK KON PAP ATF FR1 FR2 FR3 FR4 FR5 FR6 FR7 FR8 FR9 FLX TS1 TS2 "
        "TS3 TS4 TS5 TS6 TS7 TS8 TS9 TID ARB MER ÖT1 ÖT2 ÖT3 ÖT4 ÖT5 ÖK1 ÖK2 ÖK3 ÖK4 ÖK5 OB1 OB2 OB3 OB4 "
        "OB5 OS1 OS2 OS3 OS4 OS5 JR1 JR2 JR3 JS1 JS2 JS3 BE1 BE2 BE3 BS1 BS2 BS3 RE1 RE2 RE3 RE4 HLG SKI "
        "LT1 LT2 LT3 LT4 LT5 LT6 LT7 LT8 LT9 NV1 NV2 NV3 NV4 NV5 NV6 NV7 NV8 NV9"
    ).split()
)
# A result unit's id (``dimidTYPE``) holds at most ten characters.
COST_CENTRE_MAX_LENGTH = 10


class LineProblem(StrEnum):
    """Why a time transaction is held back (stays unexported, shown to payroll) instead of exported."""

    NO_EMPLOYEE_NUMBER = "no_employee_number"
    NO_PAXML_TIME_CODE = "no_paxml_time_code"
    COST_CENTRE_TOO_LONG = "cost_centre_too_long"


def time_code_map_parse(text: str) -> dict[str, str]:
    """``"TIM=ARB, OVT=ÖT1"`` → ``{"TIM": "ARB", "OVT": "ÖT1"}``; pairs without "=" are ignored."""
    pairs: dict[str, str] = {}
    for item in text.split(","):
        own, sep, paxml = item.partition("=")
        if sep and own.strip() and paxml.strip():
            pairs[own.strip()] = paxml.strip()
    return pairs


def paxml_time_code(time_code: str, code_map: dict[str, str]) -> str | None:
    """The PAXml tidkod for our time code: mapped when the map names it, else itself if PAXml allows it."""
    code = code_map.get(time_code, time_code)
    return code if code in PAXML_TIME_CODES else None


def line_problems(
    *, employee_number: str | None, time_code: str, cost_centre: str, code_map: dict[str, str]
) -> list[LineProblem]:
    """What stops a line from being exported; an empty list means it may go out."""
    problems = []
    if not (employee_number or "").strip():
        problems.append(LineProblem.NO_EMPLOYEE_NUMBER)
    if paxml_time_code(time_code, code_map) is None:
        problems.append(LineProblem.NO_PAXML_TIME_CODE)
    if len(cost_centre) > COST_CENTRE_MAX_LENGTH:
        problems.append(LineProblem.COST_CENTRE_TOO_LONG)
    return problems


def exportable_time_codes(time_codes: set[str], code_map: dict[str, str]) -> set[str]:
    """Of ``time_codes``, those that have a PAXml time code."""
    return {code for code in time_codes if paxml_time_code(code, code_map) is not None}


def hours_from_minutes(minutes: int) -> Decimal:
    """Hours with two decimals (hundredths of an hour), rounded half up: 465 → 7.75, 20 → 0.33."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def is_whole_interval(*, starts_at: dt.datetime, ends_at: dt.datetime, minutes: int) -> bool:
    """The line's minutes are exactly the time from start to end (no break taken out of it)."""
    # In UTC: Python subtracts two times of the same zone as wall-clock times, wrong across DST.
    return (ends_at.astimezone(dt.UTC) - starts_at.astimezone(dt.UTC)).total_seconds() == minutes * 60


def local_iso(moment: dt.datetime) -> str:
    """Local time in Sweden with its offset, to the second: ``2026-03-29T01:30:00+01:00``."""
    return moment.astimezone(STOCKHOLM).isoformat(timespec="seconds")


def local_minute(moment: dt.datetime) -> str:
    """Local time in Sweden to the minute, for people and spreadsheets: ``2026-03-29 01:30``."""
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def spreadsheet_safe(value: str) -> str:
    """A text cell that a spreadsheet could take for a formula gets a leading apostrophe."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
