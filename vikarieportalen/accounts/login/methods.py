"""The ways to log in besides a bare password: an SMS code after the password, e-ID, staff card.

Each ends in ``login_complete`` (a new session, the assurance noted, an audit row) or
``step_up_complete`` (the same user, assurance raised). SMS login codes are kept, hashed, in the
session of the login attempt they belong to: single use, a few minutes. How many may be sent and
typed is the one SMS code policy of ``sms_codes``.
"""

from __future__ import annotations

import datetime as dt
import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.login.assurance import Method, assurance_record
from vikarieportalen.accounts.login.backends import PORTAL_BACKEND
from vikarieportalen.accounts.login.sms_codes import (
    CodeCapReached,
    CodeKind,
    sms_code_deliver,
    sms_code_not_checked,
    sms_code_right,
    sms_code_send_reserve,
    sms_code_tries_left,
    sms_code_try_reserve,
    sms_code_wrong,
)
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.network import parse_networks
from vikarieportalen.accounts.rules import parse_personal_identity_number
from vikarieportalen.accounts.sessions.services import user_session_forget, user_session_start
from vikarieportalen.audit.services import audit_record

CHALLENGE_SESSION_KEY = "vp_sms_challenge"
_HASH_SALT = "vikarieportalen.accounts.login_code"


class Purpose(StrEnum):
    LOGIN = "login"  # password given, nobody logged in yet
    STEP_UP = "step_up"  # already logged in, raising the assurance


class CodeError(StrEnum):
    NONE_PENDING = "none_pending"
    EXPIRED = "expired"
    WRONG = "wrong"
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class CodeCheck:
    user: User | None
    purpose: Purpose | None
    next_url: str
    error: CodeError | None
    tries_left: int = 0
    refusal: str = ""  # with TOO_MANY: the whole message, saying when the person may try again


def _code_hash(code: str, nonce: str) -> str:
    return salted_hmac(_HASH_SALT, f"{nonce}:{code}", algorithm="sha256").hexdigest()


def _new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


# SMS code ----------------------------------------------------------------------------------


def login_code_send(*, request: HttpRequest, user: User, purpose: Purpose, next_url: str) -> None:
    """Send a fresh 6-digit code by urgent SMS to the user's mobile; it replaces any earlier one.

    Raises ValidationError when there is no mobile number, ``CodeCapReached`` when the SMS code
    policy refuses another code (its outbox row and audit row are kept).
    """
    if not user.mobile:
        raise ValidationError(
            _("You have no mobile number registered, so no code can be sent. Contact the staffing centre."),
            code="no_mobile",
        )
    sms_code_send_reserve(
        username=user.username, user=user, kind=CodeKind.LOGIN, to_number=user.mobile, request=request
    )
    _login_code_record(request=request, user=user, purpose=purpose, next_url=next_url)


@transaction.atomic
def _login_code_record(*, request: HttpRequest, user: User, purpose: Purpose, next_url: str) -> None:
    code = _new_code()
    nonce = secrets.token_hex(16)
    now = timezone.now()
    sms_code_deliver(
        user=user,
        kind=CodeKind.LOGIN,
        idempotency_key=f"login-code:{user.pk}:{nonce}",
        code=code,
        text=lambda: (
            _(
                "Your login code for Vikarieportalen is %(code)s. It is valid for %(minutes)d minutes. "
                "Never give it to anyone."
            )
            % {"code": code, "minutes": settings.LOGIN_CODE_VALID_SECONDS // 60}
        ),
    )
    request.session[CHALLENGE_SESSION_KEY] = {
        "user_id": user.pk,
        "purpose": purpose.value,
        "nonce": nonce,
        "code_hash": _code_hash(code, nonce),
        "expires_at": (now + dt.timedelta(seconds=settings.LOGIN_CODE_VALID_SECONDS)).isoformat(),
        "next": next_url,
    }


def login_code_pending(request: HttpRequest) -> dict[str, object] | None:
    data = request.session.get(CHALLENGE_SESSION_KEY)
    return data if isinstance(data, dict) else None


def login_code_check(*, request: HttpRequest, code: str) -> CodeCheck:
    """Check a typed code against the pending one; a right code is used up.

    Each check takes a try from the account's tries (``sms_codes``) before the code is compared:
    when they are used up, even the right code is refused until the wait is over.
    """
    data = login_code_pending(request)
    if data is None:
        return CodeCheck(user=None, purpose=None, next_url="", error=CodeError.NONE_PENDING)
    purpose = Purpose(str(data["purpose"]))
    next_url = str(data.get("next", ""))
    user = User.objects.filter(pk=int(str(data["user_id"])), is_active=True).first()
    if user is None:
        del request.session[CHALLENGE_SESSION_KEY]
        return CodeCheck(user=None, purpose=purpose, next_url=next_url, error=CodeError.NONE_PENDING)
    try:
        sms_code_try_reserve(username=user.username)
    except CodeCapReached as refusal:
        return CodeCheck(
            user=user, purpose=purpose, next_url=next_url, error=CodeError.TOO_MANY, refusal=refusal.message
        )
    if timezone.now() > dt.datetime.fromisoformat(str(data["expires_at"])):
        del request.session[CHALLENGE_SESSION_KEY]
        sms_code_not_checked(username=user.username)
        return CodeCheck(user=user, purpose=purpose, next_url=next_url, error=CodeError.EXPIRED)
    if hmac.compare_digest(_code_hash(code, str(data["nonce"])), str(data["code_hash"])):
        del request.session[CHALLENGE_SESSION_KEY]
        sms_code_right(username=user.username)
        return CodeCheck(user=user, purpose=purpose, next_url=next_url, error=None)
    used_up = sms_code_wrong(username=user.username, request=request)
    return CodeCheck(
        user=user,
        purpose=purpose,
        next_url=next_url,
        error=CodeError.TOO_MANY if used_up else CodeError.WRONG,
        tries_left=sms_code_tries_left(username=user.username),
        refusal=used_up.message if used_up else "",
    )


# Completing a login or a step-up -----------------------------------------------------------


@transaction.atomic
def login_complete(*, request: HttpRequest, user: User, method: Method) -> None:
    """Log ``user`` in with a new session and note the method and its assurance (the audit row
    comes from the user_logged_in signal, see auth_signals.py)."""
    request.login_method = method.value  # type: ignore[attr-defined]  # read by the audit signal
    login(request, user, backend=PORTAL_BACKEND)
    assurance_record(request, method=method)


@transaction.atomic
def step_up_complete(*, request: HttpRequest, user: User, method: Method) -> None:
    """The logged-in user has shown a stronger proof: raise the assurance, new session key."""
    # A new session key when the privileges grow (session fixation); the session list follows it.
    old_key = request.session.session_key
    request.session.cycle_key()
    user_session_forget(session_key=old_key)
    user_session_start(user=user, request=request)
    assurance_record(request, method=method)
    audit_record(kind=AccountsAuditKind.STEP_UP, user=user, request=request, method=method.value)


def user_for_personal_identity_number(text: str) -> User | None:
    """The active user with this personal identity number (in any accepted form), or None."""
    try:
        pin = parse_personal_identity_number(text)
    except ValidationError:
        return None
    return User.objects.filter(personal_identity_number=pin, is_active=True).first()


# Staff card -------------------------------------------------------------------------------


def _header_meta_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def staff_card_identity(request: HttpRequest) -> str:
    """The card holder's identity from the proxy's header, or "" when the request did not come
    straight from a configured staff-card proxy (the header is then ignored, whoever sent it)."""
    proxies = tuple(settings.STAFF_CARD_PROXIES)
    if not proxies:
        return ""
    try:
        remote = ipaddress.ip_address(request.META.get("REMOTE_ADDR", "").strip())
    except ValueError:
        return ""
    if isinstance(remote, ipaddress.IPv6Address) and remote.ipv4_mapped is not None:
        remote = remote.ipv4_mapped
    if not any(remote in network for network in parse_networks(proxies)):
        return ""
    value: str = request.META.get(_header_meta_key(settings.STAFF_CARD_HEADER), "").strip()
    # Proxies pass either the bare serial number or the subject part "SERIALNUMBER=…".
    if "=" in value:
        value = value.split("=", 1)[1].strip()
    return value
