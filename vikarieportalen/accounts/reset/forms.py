"""Forms of the self-service reset and the administrators' audit-log filter."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vikarieportalen.accounts.audit import AuditKind
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


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("All events")), *AuditKind.choices]
    )
    username = forms.CharField(label=_("Username"), required=False, max_length=150)
    date_from = forms.DateField(
        label=_("From (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned
