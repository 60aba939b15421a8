from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SubstituteSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, username or employee number"),
        max_length=100,
        required=False,
    )


class EngagementEndForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the list above: end the engagement"),
        error_messages={"required": _("Tick the box to confirm that the engagement is to end.")},
    )
