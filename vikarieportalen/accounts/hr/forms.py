"""HR's forms: register one substitute, upload the HR system's export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vikarieportalen.accounts.hr.imports import MAX_FILE_BYTES, SubstituteRecord, substitute_record_parse


class SubstituteRegisterForm(forms.Form):
    """The same checks as a row of the CSV import (imports.substitute_record_parse)."""

    employee_number = forms.CharField(label=_("Employee number"), max_length=20)
    preferred_given_name = forms.CharField(
        label=_("Preferred given name"),
        max_length=150,
        help_text=_("The name the person goes by; the username is formed from it."),
    )
    given_names = forms.CharField(label=_("Given names"), max_length=150, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    date_of_birth = forms.CharField(
        label=_("Date of birth"), max_length=10, help_text=_("YYYY-MM-DD, for example 1998-04-04.")
    )
    mobile = forms.CharField(
        label=_("Mobile number"), max_length=30, help_text=_("The activation link is sent here by SMS.")
    )
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        autocomplete = {
            "preferred_given_name": "off",
            "given_names": "off",
            "family_name": "off",
            "mobile": "off",
            "email": "off",
        }
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("autocomplete", autocomplete.get(name, "off"))
        self.fields["date_of_birth"].widget.attrs["inputmode"] = "numeric"
        self.fields["mobile"].widget.input_type = "tel"
        self.fields["email"].widget.input_type = "email"
        self.record: SubstituteRecord | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        record, errors = substitute_record_parse(
            {name: str(value) for name, value in cleaned.items()}, today=timezone.localdate()
        )
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        self.record = record
        return cleaned


class SubstituteImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file from the HR system"),
        help_text=_(
            "Columns: employee_number, preferred_given_name, family_name, date_of_birth, mobile, email. "
            "Comma or semicolon separated, UTF-8, at most 2 MB."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 2 MB. Split it into smaller files."), code="too_large"
            )
        return upload
