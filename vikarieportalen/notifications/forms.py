from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.notifications.kinds import message_kind_label
from vikarieportalen.notifications.models import Status
from vikarieportalen.notifications.phone import normalize_mobile_number


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    recipient = forms.CharField(label=_("Recipient"), required=False, max_length=100)

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("All")), *Status.choices]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("All")),
            *((kind, message_kind_label(kind)) for kind in kinds),
        ]


class SmsReplySimulateForm(forms.Form):
    """Development only: an SMS reply typed in the outbox, as if from the sender's phone."""

    sender = forms.CharField(
        label=_("From mobile number"),
        max_length=20,
        help_text=_("The number of the person who answers, as under Recipient, e.g. 070-174 06 05."),
    )
    text = forms.CharField(
        label=_("Text of the reply"),
        max_length=1000,
        help_text=_("For an offer: YES or NO, with the offer's number if there are several, e.g. YES 4711."),
    )

    def clean_sender(self) -> str:
        return normalize_mobile_number(self.cleaned_data["sender"])
