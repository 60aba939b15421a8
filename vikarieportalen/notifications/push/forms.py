from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.notifications.models import NoticeCategory, NoticeChannel


class NoticePreferencesForm(forms.Form):
    """Push, SMS or both, per category of notices."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in NoticeCategory:
            self.fields[category.value] = forms.ChoiceField(
                label=category.label,
                choices=NoticeChannel.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose push, SMS or both."),
                    "invalid_choice": _("Choose push, SMS or both."),
                },
            )
