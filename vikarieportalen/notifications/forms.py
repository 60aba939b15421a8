from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.notifications.models import Status


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    recipient = forms.CharField(label=_("Recipient"), required=False, max_length=100)

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("All")), *Status.choices]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("All")),
            *((kind, kind) for kind in kinds),
        ]
