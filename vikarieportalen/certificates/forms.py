"""Forms of the certificates: input checked here; what the data say is checked by the services."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vikarieportalen.certificates.models import (
    FLAG_NOTE_MAX_LENGTH,
    CertificateStatus,
    FlagOutcome,
    FurtherWork,
)
from vikarieportalen.certificates.rules import MAX_CLAIMED_DATES

MAX_VERIFY_FILE_BYTES = 10 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _earliest() -> dt.date:
    today = timezone.localdate()
    months = settings.CERTIFICATE_MAX_PERIOD_MONTHS
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, 1)


class PurposeForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose (optional)"),
        help_text=_("For example: unemployment benefit, a new employer, a loan."),
        max_length=200,
        required=False,
    )
    recipient = forms.CharField(
        label=_("Recipient (optional)"),
        help_text=_("For example the name of your unemployment fund."),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


class PeriodOrderForm(PurposeForm):
    """Employer certificate and certificate of service: a period of whole days."""

    period_from = forms.DateField(label=_("From"), widget=DateInput())
    period_to = forms.DateField(label=_("Until"), widget=DateInput())

    field_order = ["period_from", "period_to", "purpose", "recipient"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_from"), data.get("period_to")
        if start and end:
            if end < start:
                self.add_error("period_to", _("The end date must not be before the start date."))
            elif end > timezone.localdate():
                self.add_error("period_to", _("The period cannot end in the future."))
            elif start < _earliest():
                self.add_error(
                    "period_from",
                    _("The period can start at most %(months)s months back.")
                    % {"months": settings.CERTIFICATE_MAX_PERIOD_MONTHS},
                )
        return data


def _year_choices() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    first = _earliest().year
    return [(year, year) for year in range(this_year, first - 1, -1)]


class AnnualOrderForm(PurposeForm):
    year_from = forms.TypedChoiceField(label=_("From year"), coerce=int, choices=_year_choices)
    year_to = forms.TypedChoiceField(label=_("Until year"), coerce=int, choices=_year_choices)

    field_order = ["year_from", "year_to", "purpose", "recipient"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("year_from") and data.get("year_to") and data["year_to"] < data["year_from"]:
            self.add_error("year_to", _("The last year must not be before the first."))
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        return dt.date(self.cleaned_data["year_from"], 1, 1), dt.date(self.cleaned_data["year_to"], 12, 31)


class LostEarningsOrderForm(PurposeForm):
    dates = forms.CharField(
        label=_("Dates you lost work"),
        help_text=_("Write each date as YYYY-MM-DD, separated by commas or new lines (at most 31 dates)."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )

    field_order = ["dates", "purpose", "recipient"]

    def clean_dates(self) -> list[dt.date]:
        parts = [part for part in re.split(r"[\s,;]+", self.cleaned_data["dates"]) if part]
        days = set()
        for part in parts:
            try:
                days.add(dt.date.fromisoformat(part))
            except ValueError:
                raise forms.ValidationError(
                    _("“%(value)s” is not a date. Write dates as YYYY-MM-DD."), params={"value": part[:20]}
                ) from None
        if not days:
            raise forms.ValidationError(_("Give at least one date."))
        if len(days) > MAX_CLAIMED_DATES:
            raise forms.ValidationError(_("Give at most 31 dates in one order."))
        if max(days) > timezone.localdate():
            raise forms.ValidationError(_("The dates cannot be in the future."))
        if min(days) < _earliest():
            raise forms.ValidationError(
                _("The dates can be at most %(months)s months back.")
                % {"months": settings.CERTIFICATE_MAX_PERIOD_MONTHS}
            )
        return sorted(days)


class HrForm(forms.Form):
    end_reason = forms.CharField(
        label=_("Reason the employment ended"),
        help_text=_("Employer certificate: for example “The hourly employment ended when the need ended”."),
        max_length=300,
        required=False,
    )
    further_work = forms.ChoiceField(
        label=_("Further work offered"),
        choices=[("", _("Not answered yet")), *FurtherWork.choices],
        required=False,
    )
    hr_note = forms.CharField(
        label=_("Other information on the certificate"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RejectForm(forms.Form):
    reject_reason = forms.CharField(
        label=_("Reason (shown to the substitute)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the order is rejected.")},
    )


class FlagHandleForm(forms.Form):
    """HR marks a certificate changed by a correction of hours handled (one form per flag: prefix)."""

    outcome = forms.ChoiceField(
        label=_("What was done"),
        choices=FlagOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what was done about the corrected hours."),
            "invalid_choice": _("Choose one of the answers given."),
        },
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("For example the number of the new certificate. Only HR sees it."),
        max_length=FLAG_NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, flag_pk: int, **kwargs: Any) -> None:
        kwargs["prefix"] = f"flag-{flag_pk}"
        super().__init__(*args, **kwargs)
        self.flag_pk = flag_pk


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Open orders")), *CertificateStatus.choices],
        required=False,
    )


class VerifyForm(forms.Form):
    nummer = forms.CharField(
        label=_("Certificate number"),
        help_text=_("As printed on the certificate, e.g. INT-2026-000123."),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    kod = forms.CharField(
        label=_("Verification code"),
        help_text=_("Twelve letters and digits, e.g. K7QM-4XHD-P9TA."),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    fil = forms.FileField(
        label=_("The certificate file (optional)"),
        help_text=_("Choose the PDF to check that it is unchanged. It is compared and not saved."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean_fil(self) -> bytes | None:
        upload = self.cleaned_data.get("fil")
        if not upload:
            return None
        if upload.size is not None and upload.size > MAX_VERIFY_FILE_BYTES:
            raise forms.ValidationError(_("The file is too large to be one of our certificates."))
        return bytes(upload.read())
