"""Forms of the substitute's booking pages: cancelling a booking."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class BookingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you cancelling? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The staffing centre sees this."),
    )
