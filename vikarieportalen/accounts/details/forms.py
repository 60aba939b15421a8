"""My details: forms to change the mobile number and the e-mail address."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vikarieportalen.accounts.details.services import reauthentication_reserve, reauthentication_succeeded
from vikarieportalen.accounts.models import User
from vikarieportalen.notifications.phone import normalize_mobile_number


class _ReauthenticatedForm(forms.Form):
    """Asks for the current password first: a session left open on a shared computer is not enough.

    ``eid_confirmed``: the user has just shown their e-ID (the view asks
    ``services.eid_reauthentication_at``), which stands in for the password. A user without a
    usable password has no password field; without a recent e-ID the form refuses.
    """

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, eid_confirmed: bool = False, **kwargs: Any) -> None:
        self.user = user
        self.eid_confirmed = eid_confirmed
        super().__init__(*args, **kwargs)
        if eid_confirmed or not user.has_usable_password():
            del self.fields["password"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.eid_confirmed and "password" not in self.fields:
            raise ValidationError(
                _("Confirm who you are with BankID or another e-ID first."), code="reauthentication_required"
            )
        return cleaned

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not reauthentication_reserve(user=self.user):
            raise ValidationError(
                _("Too many wrong passwords. Wait 15 minutes and try again."), code="throttled"
            )
        if not self.user.check_password(password):
            raise ValidationError(_("The password is wrong."), code="password_incorrect")
        reauthentication_succeeded(user=self.user)
        return password


class MobileChangeForm(_ReauthenticatedForm):
    new_mobile = forms.CharField(
        label=_("New mobile number"),
        max_length=30,
        help_text=_("We send a code to this number to check that it is yours."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def clean_new_mobile(self) -> str:
        number = normalize_mobile_number(self.cleaned_data["new_mobile"])
        if number == self.user.mobile:
            raise ValidationError(_("That is already your mobile number."), code="same_number")
        return number


class MobileCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=12,
        help_text=_("Six digits."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not code.isdigit():
            raise ValidationError(_("The code is six digits."), code="code_format")
        return code


class EmailChangeForm(_ReauthenticatedForm):
    new_email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,
        help_text=_("We send a link to this address; your address changes when you open it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_new_email(self) -> str:
        email: str = self.cleaned_data["new_email"]
        if email.lower() == (self.user.email or "").lower():
            raise ValidationError(_("That is already your e-mail address."), code="same_email")
        return email
