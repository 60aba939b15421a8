"""The public check of a certificate: number + verification code, optionally the file itself.

Anyone holding the document may ask; the answer discloses no more than the document already does
(far less: the kind, the issue date, the holder's initials). Look-ups are counted per visitor in the
cache (a keyed hash of the address, never the address) and refused past the limit; nothing about
a look-up is stored in the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from vikarieportalen.certificates import rules, selectors
from vikarieportalen.core.ratelimit import client_identity, hashed_key, window_reserve


class Outcome(StrEnum):
    GENUINE = "genuine"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Verification:
    outcome: Outcome
    number: str = ""
    kind: str = ""
    kind_label: str = ""
    issued_on: dt.date | None = None
    holder: str = ""  # initials
    file_matches: bool | None = None  # None: no file was given


def certificate_verify(*, number_text: str, code_text: str, content: bytes | None = None) -> Verification:
    """Is there a released certificate with this number and code? And is ``content`` its file?"""
    number = rules.certificate_number_normalize(number_text)
    code = rules.verification_code_normalize(code_text)
    order = selectors.order_by_number(number=number) if number and code else None
    if order is None or not hmac.compare_digest(order.verification_code, code):
        return Verification(outcome=Outcome.NOT_FOUND)
    matches = None
    if content is not None:
        matches = hmac.compare_digest(hashlib.sha256(content).hexdigest(), order.pdf_sha256)
    assert order.released_at is not None  # noqa: S101 - released orders have it (DB constraint)
    return Verification(
        outcome=Outcome.GENUINE,
        number=order.number or "",
        kind=order.kind,
        kind_label=order.get_kind_display(),
        issued_on=timezone.localtime(order.released_at).date(),
        holder=rules.initials(
            order.substitute.given_names or order.substitute.preferred_given_name,
            order.substitute.family_name,
        ),
        file_matches=matches,
    )


def verify_lookup_allowed(request: HttpRequest, *, now: float | None = None) -> bool:
    """Count one look-up for this visitor; False once the window's limit is passed."""
    key = hashed_key(
        "certificate-verify", client_identity(request), salt="vikarieportalen.certificates.verify"
    )
    return window_reserve(
        key,
        limit=settings.CERTIFICATE_VERIFY_THROTTLE_LOOKUPS,
        window_seconds=settings.CERTIFICATE_VERIFY_THROTTLE_WINDOW_SECONDS,
        now=now,
    ).allowed
