"""Self-service password reset: the code and when it may be used. No database, no cache.

A code is six digits, valid ten minutes from the request, single use, bound to one reset attempt,
and allows five tries. Only an HMAC of it is stored (keyed by SECRET_KEY and a per-attempt salt),
so a copy of the database alone does not give the million possible codes away.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from enum import StrEnum

from django.utils.crypto import salted_hmac

CODE_LENGTH = 6
CODE_VALIDITY = dt.timedelta(minutes=10)
MAX_TRIES = 5
# After the right code, the new password must be chosen within this time.
PASSWORD_STEP_VALIDITY = dt.timedelta(minutes=15)

_CODE = re.compile(rf"^[0-9]{{{CODE_LENGTH}}}$")


class ResetProblem(StrEnum):
    EXPIRED = "expired"
    USED = "used"
    TOO_MANY_TRIES = "too_many_tries"
    WRONG_CODE = "wrong_code"


def reset_code_new() -> str:
    return f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"


def reset_salt_new() -> str:
    return secrets.token_hex(16)


def reset_code_normalize(text: str) -> str:
    """People type '123 456' or '123-456'; keep the digits."""
    return re.sub(r"[\s-]", "", text or "")


def reset_code_well_formed(code: str) -> bool:
    return bool(_CODE.match(code))


def reset_code_hash(*, salt: str, code: str) -> str:
    return salted_hmac("vikarieportalen.accounts.reset", f"{salt}:{code}", algorithm="sha256").hexdigest()


def reset_code_matches(*, salt: str, code: str, code_hash: str) -> bool:
    return hmac.compare_digest(reset_code_hash(salt=salt, code=code), code_hash)


def reset_code_problem(
    *, expires_at: dt.datetime, tries: int, verified: bool, completed: bool, now: dt.datetime
) -> ResetProblem | None:
    """Why a code may not be tried now, before comparing it; None: it may be tried."""
    if completed or verified:
        return ResetProblem.USED
    if tries >= MAX_TRIES:
        return ResetProblem.TOO_MANY_TRIES
    if now >= expires_at:
        return ResetProblem.EXPIRED
    return None


def reset_password_step_open(*, verified_at: dt.datetime | None, completed: bool, now: dt.datetime) -> bool:
    """Whether a new password may be set: the code was right, recently, and not used up."""
    return verified_at is not None and not completed and now < verified_at + PASSWORD_STEP_VALIDITY


def reset_tries_left(tries: int) -> int:
    return max(0, MAX_TRIES - tries)
