"""Forms of the self-service reset."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vikarieportalen.accounts.reset.rules import CODE_LENGTH, reset_code_normalize, reset_code_well_formed


class ResetStartForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Formed like JOSA9804: family name, first name, birth year and day."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "username", "spellcheck": "false"}
        ),
    )


class ResetCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=20,
        help_text=_("6 digits."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = reset_code_normalize(self.cleaned_data["code"])
        if not reset_code_well_formed(code):
            raise ValidationError(
                _("Enter the %(length)d digits from the SMS."),
                code="malformed",
                params={"length": CODE_LENGTH},
            )
        return code
