"""Forms to choose a new password, with the policy's checklist. Reused by reset and activation.

Render with ``{% include "accounts/_password_checklist.html" with form=form %}`` next to the fields
and load ``accounts/password_checklist.js`` (and .css) in ``extra_head``; see accounts/password_change.html.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.passwords.services import user_password_change, user_password_set
from vikarieportalen.accounts.passwords.validators import PasswordCheck, checklist_items, password_check

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Generous, so passphrases fit (NIST asks for at least 64), small enough that hashing stays cheap.
PASSWORD_MAX_LENGTH = 256


@dataclass(frozen=True)
class ChecklistRow:
    key: str
    label: str | Promise
    live: bool
    data: dict[str, str]
    met: bool | None  # None: not checked yet (nothing submitted)


def _password_field(label: StrOrPromise, *, autocomplete: str, describedby: str = "") -> forms.CharField:
    attrs = {"autocomplete": autocomplete, "spellcheck": "false", "autocapitalize": "none"}
    if describedby:
        attrs["aria-describedby"] = describedby
    return forms.CharField(
        label=label,
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs=attrs),
    )


class NewPasswordForm(forms.Form):
    """A new password and its repetition, validated by the configured policy for ``user``.

    ``save(request=None, actor=None)`` sets it through ``user_password_set``.
    """

    error_messages = {"password_mismatch": _("The two passwords are not the same.")}

    def __init__(self, user: User, data: Any = None, **kwargs: Any) -> None:
        self.user = user
        self._check: PasswordCheck | None = None
        super().__init__(data, **kwargs)
        self.fields["new_password"] = _password_field(
            _("New password"), autocomplete="new-password", describedby="password-checklist"
        )
        self.fields["new_password_repeat"] = _password_field(
            _("Repeat the new password"), autocomplete="new-password"
        )

    def clean_new_password(self) -> str:
        password: str = self.cleaned_data["new_password"]
        self._check = password_check(password, self.user)
        if self._check.errors:
            raise ValidationError(self._check.errors)
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = self.data.get(self.add_prefix("new_password"), "")
        repeat = cleaned.get("new_password_repeat")
        if repeat is not None and password and password != repeat:
            self.add_error(
                "new_password_repeat",
                ValidationError(self.error_messages["password_mismatch"], code="password_mismatch"),
            )
        return cleaned

    def checklist(self) -> list[ChecklistRow]:
        """Each configured criterion: met, not met, or None (nothing submitted, or not checked)."""
        check = self._check  # set by clean_new_password

        def met(key: str) -> bool | None:
            if check is None or key in check.skipped:
                return None
            return key not in check.failed

        return [
            ChecklistRow(item.key, item.label, item.live, item.data, met(item.key))
            for item in checklist_items(self.user)
        ]

    def save(self, *, request: HttpRequest | None = None, actor: User | None = None) -> User:
        user_password_set(
            user=self.user, raw_password=self.cleaned_data["new_password"], request=request, actor=actor
        )
        return self.user


class ChangePasswordForm(NewPasswordForm):
    """The logged-in user's own change: the current password first."""

    field_order = ["current_password", "new_password", "new_password_repeat"]

    def __init__(self, user: User, data: Any = None, **kwargs: Any) -> None:
        super().__init__(user, data, **kwargs)
        self.fields["current_password"] = _password_field(
            _("Current password"), autocomplete="current-password"
        )
        self.order_fields(self.field_order)

    def clean_current_password(self) -> str:
        current: str = self.cleaned_data["current_password"]
        if not self.user.check_password(current):
            raise ValidationError(_("The current password is wrong."), code="password_incorrect")
        return current

    def save(self, *, request: HttpRequest | None = None, actor: User | None = None) -> User:
        user_password_change(user=self.user, raw_password=self.cleaned_data["new_password"], request=request)
        return self.user
