"""The substitute a series is booked for, chosen from the pool."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.accounts.models import User
from vikarieportalen.staffing.series.selectors import series_pool
from vikarieportalen.staffing.shifts.forms import PoolChoiceField


class SeriesBookForm(forms.Form):
    substitute = PoolChoiceField(
        label=_("Substitute"),
        queryset=User.objects.none(),
        empty_label=_("Choose a substitute"),
        error_messages={
            "required": _("Choose a substitute from the pool."),
            "invalid_choice": _("Choose a substitute from the pool."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PoolChoiceField, self.fields["substitute"]).queryset = series_pool()
