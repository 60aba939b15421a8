"""Pure rules about identities: no database, no settings."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import phonenumbers
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


def normalize_mobile_number(text: str, *, default_region: str = "SE") -> str:
    """Parse a mobile number written as people write it and return it in E.164 (+46701234567).

    Swedish numbers may be written nationally ("070-123 45 67"); others need their country code.
    Raises ValidationError for anything that is not a valid mobile number.
    """
    # phonenumbers reads letters as keypad digits ("070-ABC…"); a typo must not become a number.
    if any(char.isalpha() for char in text):
        raise ValidationError(
            _("Enter a mobile number, for example 070-123 45 67 or +358 40 123 4567."),
            code="invalid_phone",
        )
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter a mobile number, for example 070-123 45 67 or +358 40 123 4567."),
            code="invalid_phone",
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("That is not a valid phone number. Check the digits and the country code."),
            code="invalid_phone",
        )
    number_type = phonenumbers.number_type(number)
    if number_type not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise ValidationError(
            _("That is not a mobile number. Bookings are sent by SMS, so enter a mobile number."),
            code="not_mobile",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_mobile_number(e164: str) -> str:
    """A stored E.164 number as people read it: national form for Swedish numbers."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    if number.country_code == 46:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
