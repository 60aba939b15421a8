from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.login.throttle import login_attempt_reserve, login_success_record
from vikarieportalen.audit.services import audit_record


class LoginForm(AuthenticationForm):
    """Username and password. Usernames are matched without regard to case (JOSA9804 = josa9804)."""

    error_messages = {
        "invalid_login": _(
            "The username or password is wrong. Check that Caps Lock is off. "
            "Your username is formed like JOSA9804."
        ),
        "inactive": _("This account is not active. Contact the staffing centre."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("Username")
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "characters", "autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].label = _("Password")

    def clean(self) -> dict[str, Any]:
        """Authenticate, throttled per account-and-address and per address (see throttle_rules.py).

        A throttled attempt gets exactly the wrong-password answer, after the same hashing work,
        and its password is never checked, so guessing on during the wait learns nothing. The
        attempt is counted (as a failure) before the password is hashed, so parallel guesses are
        counted one by one, and only a right password takes the count back.
        """
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean()
        address = getattr(self.request, "client_ip", "") or ""
        if not login_attempt_reserve(username=username, address=address):
            make_password(password)
            audit_record(kind=AccountsAuditKind.LOGIN_THROTTLED, request=self.request, username=username)
            raise self.get_invalid_login_error()
        try:
            cleaned = super().clean()
        except ValidationError:
            if self.user_cache is not None:  # the right password of an inactive account
                login_success_record(username=username, address=address)
            raise
        login_success_record(username=username, address=address)
        return cleaned
