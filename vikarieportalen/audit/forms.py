"""The filter of the administrators' audit-log page."""

from __future__ import annotations

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vikarieportalen.audit.kinds import audit_kind_choices


def _kind_choices() -> list[tuple[str, str | Promise]]:
    return [("", _("All events")), *audit_kind_choices()]


class AuditFilterForm(forms.Form):
    # A callable: the kinds are registered by the apps after this module may have been imported.
    kind = forms.ChoiceField(label=_("Event"), required=False, choices=_kind_choices)
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
