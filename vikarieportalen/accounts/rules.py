"""Pure rules about identities: no database, no settings."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Letters that Unicode does not decompose into a base letter plus a mark.
_FOLD_EXTRA = {
    "Ø": "O",
    "Æ": "AE",
    "Œ": "OE",
    "ß": "SS",
    "ẞ": "SS",
    "Þ": "TH",
    "Ð": "D",
    "Đ": "D",
    "Ł": "L",
    "Ħ": "H",
    "Ŧ": "T",
    "Ŋ": "N",
    "ı": "I",
}
_SKIPPED = re.compile(r"[\s\-'’`´.]+")


def fold_to_latin(text: str) -> str:
    """Capitalise and fold a name to the letters A–Z; characters without a Latin form are dropped.

    "Åsa" → "ASA", "Müller" → "MULLER", "von Essen" → "VONESSEN".
    """
    text = _SKIPPED.sub("", text).upper()
    out: list[str] = []
    for char in text:
        if char in _FOLD_EXTRA:
            out.append(_FOLD_EXTRA[char])
            continue
        base = unicodedata.normalize("NFKD", char)
        out.extend(c for c in base if "A" <= c <= "Z")
    return "".join(out)


def username_for(preferred_given_name: str, family_name: str, birth_date: dt.date) -> str:
    """The municipality's username rule.

    Two first letters of the family name + the first and last letter of the preferred given name
    + two-digit birth year + two-digit day of birth: Sara Johansson, 1998-04-04 → ``JOSA9804``.

    Fallback (documented in docs/accounts.md): a name part with too few Latin letters is padded
    with ``X`` — a one-letter family name "Ö" gives "OX", a given name without Latin letters
    gives "XX". The result is always eight characters, A–Z and digits.
    """
    family = fold_to_latin(family_name)
    given = fold_to_latin(preferred_given_name)
    family_part = (family[:2] + "XX")[:2]
    given_part = (given[0] + given[-1]) if given else "XX"
    return f"{family_part}{given_part}{birth_date:%y}{birth_date:%d}"


def username_variant(base: str, taken: set[str]) -> str:
    """The first of ``base``, ``base-2``, ``base-3`` … that is not taken (collision rule)."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


# ---------------------------------------------------------------------------------------------
# Personal identity numbers (personnummer) and coordination numbers (samordningsnummer)

_PIN_PATTERN = re.compile(r"^(?P<century>\d{2})?(?P<date>\d{6})(?P<separator>[-+]?)(?P<serial>\d{4})$")
COORDINATION_DAY_OFFSET = 60


def luhn_check_digit(digits: str) -> int:
    """The Luhn check digit for ``digits`` (weights 2, 1, 2, 1 … from the left, as Skatteverket uses)."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _pin_birth_date(year: int, month: int, day: int) -> dt.date | None:
    if day > COORDINATION_DAY_OFFSET:
        day -= COORDINATION_DAY_OFFSET
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _hundred_years_before(today: dt.date) -> dt.date:
    """The same date a hundred years earlier; 29 February becomes the 28th in a year with none."""
    try:
        return today.replace(year=today.year - 100)
    except ValueError:
        return today.replace(year=today.year - 100, day=28)


def _pin_century(yy: int, month: int, day: int, *, hundred_or_older: bool, today: dt.date) -> int | None:
    """The full year of a 10-digit number: the latest year ending in ``yy`` that fits the separator.

    "-": the person is under 100 (born on or before today); "+": 100 or older.
    """
    limit = _hundred_years_before(today) if hundred_or_older else today
    for year in range(limit.year - limit.year % 100 + yy, limit.year - 200, -100):
        born = _pin_birth_date(year, month, day)
        if born is not None and born <= limit:
            return year
        if born is None and year <= limit.year:
            return year  # the date is invalid in any century (e.g. month 13); reported by the caller
    return None


def parse_personal_identity_number(text: str, *, today: dt.date | None = None) -> str:
    """A Swedish personal identity or coordination number as people write it → ``YYYYMMDDNNNC``.

    Accepts 10 or 12 digits, with or without the separator ("-", or "+" for people aged 100 or
    more). The three digits after the date (the birth number) are never 000. Coordination numbers
    have 60 added to the day of birth. The date must exist and not be in the future, and the last
    digit must be the Luhn check digit. Raises ValidationError with a message that says what is
    wrong.
    """
    if today is None:
        today = dt.datetime.now(tz=dt.UTC).date()
    cleaned = "".join(text.split())
    match = _PIN_PATTERN.match(cleaned)
    if match is None:
        raise ValidationError(
            _("Enter a personal identity number as YYYYMMDD-NNNN or YYMMDD-NNNN, for example 19980404-2381."),
            code="pin_format",
        )
    century, date_part, separator, serial = match.group("century", "date", "separator", "serial")
    yy, month, day = int(date_part[:2]), int(date_part[2:4]), int(date_part[4:6])
    if serial[:3] == "000":
        raise ValidationError(
            _("The three digits after the date cannot all be 0. Check the last four digits."),
            code="pin_serial",
        )
    if century is not None:
        year = int(century + date_part[:2])
    else:
        found = _pin_century(yy, month, day, hundred_or_older=separator == "+", today=today)
        year = found if found is not None else today.year
    born = _pin_birth_date(year, month, day)
    if born is None:
        raise ValidationError(
            _("The date in the personal identity number does not exist. Check the first digits."),
            code="pin_date",
        )
    if born > today:
        raise ValidationError(
            _("The date in the personal identity number is in the future. Check the first digits."),
            code="pin_date",
        )
    if century is not None and separator == "+" and born > _hundred_years_before(today):
        # 12 digits carry the century, so "+" adds nothing but it must not contradict the date.
        raise ValidationError(
            _("The + is only for people aged 100 or more. Write a hyphen instead."),
            code="pin_separator",
        )
    if luhn_check_digit(date_part + serial[:3]) != int(serial[3]):
        raise ValidationError(
            _("The check digit (the last digit) of the personal identity number is wrong."),
            code="pin_check_digit",
        )
    return f"{year:04d}{date_part[2:]}{serial}"


def is_coordination_number(pin: str) -> bool:
    """True for a samordningsnummer in the 12-digit form."""
    return int(pin[6:8]) > COORDINATION_DAY_OFFSET


def mask_personal_identity_number(pin: str) -> str:
    """``199804042381`` → ``19980404-****``: enough to recognise, not enough to misuse."""
    if len(pin) != 12 or not pin.isdigit():
        return ""
    return f"{pin[:8]}-****"


def format_personal_identity_number(pin: str) -> str:
    """``199804042381`` → ``19980404-2381`` (for the person themselves, after a strong login)."""
    if len(pin) != 12 or not pin.isdigit():
        return ""
    return f"{pin[:8]}-{pin[8:]}"
