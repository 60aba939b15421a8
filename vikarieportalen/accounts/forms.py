from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
