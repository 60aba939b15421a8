"""The correction form: parse input only; the service (``hours_correct``) checks the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.payroll.corrections.services import REASON_MAX
from vikarieportalen.payroll.hours.forms import HoursForm


class CorrectionForm(HoursForm):
    """The shift's corrected times and the reason; ``seen``: how many corrections the page showed."""

    note = None  # type: ignore[assignment]
    reason = forms.CharField(
        label=_("Reason for the correction"),
        help_text=_("Shown to the substitute and to payroll, e.g. “Left an hour early; reported late.”"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Give the reason for the correction."),
            "max_length": _("The reason can be at most %(limit_value)d characters."),
        },
    )
    seen = forms.IntegerField(min_value=0, widget=forms.HiddenInput())

    @classmethod
    def initial_times(
        cls, *, starts_at: dt.datetime, ends_at: dt.datetime, break_minutes: int, seen: int
    ) -> dict[str, Any]:
        starts = starts_at.astimezone(STOCKHOLM)
        return {
            "day": starts.date(),
            "starts": starts.time().replace(second=0, microsecond=0),
            "ends": ends_at.astimezone(STOCKHOLM).time().replace(second=0, microsecond=0),
            "break_minutes": break_minutes,
            "seen": seen,
        }
