"""The filters of the availability overview: the days, an area, a qualification, a workplace."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.availability.forms import DATE_WIDGET
from vikarieportalen.staffing.models import AreaOfWork, Qualification, Workplace
from vikarieportalen.staffing.overview.rules import MAX_DAYS


class _PeopleFilters(forms.Form):
    area = forms.ChoiceField(
        label=_("Area of work (introduced)"),
        required=False,
        choices=[("", _("All areas")), *AreaOfWork.choices],
    )
    qualification = forms.ModelChoiceField(
        label=_("Qualification"),
        queryset=Qualification.objects.order_by("name"),
        required=False,
        empty_label=_("Any qualification"),
    )
    workplace = forms.ModelChoiceField(
        label=_("Introduced at"),
        queryset=Workplace.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("All workplaces"),
    )


class OverviewFilterForm(_PeopleFilters):
    first_day = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    last_day = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)
    field_order = ["first_day", "last_day", "area", "qualification", "workplace"]

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first = data.get("first_day") or self.today
        last = data.get("last_day") or first + dt.timedelta(days=6)
        if last < first:
            self.add_error("last_day", _("The last date is before the first."))
        elif (last - first).days >= MAX_DAYS:
            self.add_error("last_day", _("Show at most %(days)d days at a time.") % {"days": MAX_DAYS})
        data["first_day"], data["last_day"] = first, last
        return data


class DayFilterForm(_PeopleFilters):
    day = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    field_order = ["day", "area", "qualification", "workplace"]
