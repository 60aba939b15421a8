"""Mobile numbers as people write them and as the SMS gateway needs them (E.164). Pure functions.

Every app that takes or shows a mobile number uses these: accounts (the user's number, HR import),
staffing (the pool), notifications itself (the outbox and inbound SMS).
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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
