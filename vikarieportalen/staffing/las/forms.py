"""The filter form of the staffing centre's LAS list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.las import rules as las

RULE_CHOICES = [("", _("Any rule")), *((rule.value, label) for rule, label in las.RULE_LABELS.items())]
STATE_CHOICES = [
    ("", _("Nearing or over")),
    (las.LasState.NEARING.value, _("Nearing a limit")),
    (las.LasState.OVER.value, _("Over a limit")),
]
ORDER_CHOICES = [
    ("closest", _("Closest to a limit first")),
    ("sav", _("Most SÄV days first")),
    ("vikariat", _("Most vikariat days first")),
    ("priority", _("Most days for priority first")),
    ("name", _("Name")),
]


class LasFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, help_text=_("Name or username."))
    rule = forms.ChoiceField(label=_("Rule"), required=False, choices=RULE_CHOICES)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=STATE_CHOICES,
        help_text=_("Nearing also shows those whose booked shifts bring them near or over a limit."),
    )
    order = forms.ChoiceField(label=_("Sort"), required=False, choices=ORDER_CHOICES)
