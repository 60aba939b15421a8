"""The filters of the availability overview: the days, an area, a qualification, a workplace."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.availability.forms import DATE_WIDGET
from vikarieportalen.staffing.models import AreaOfWork, Qualification, Workplace
from vikarieportalen.staffing.overview.rules import MAX_DAYS
from vikarieportalen.staffing.shifts.forms import DayRangeForm


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


class OverviewFilterForm(DayRangeForm, _PeopleFilters):
    max_days = MAX_DAYS
    field_order = ["first_day", "last_day", "area", "qualification", "workplace"]


class DayFilterForm(_PeopleFilters):
    day = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    field_order = ["day", "area", "qualification", "workplace"]
