"""The statistics' filter: the period, the step of the trends, and optionally an area or a workplace."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.models import AreaOfWork, Workplace
from vikarieportalen.statistics import rules
from vikarieportalen.statistics.rules import Step

STEP_CHOICES = [(Step.MONTH.value, _("Per month")), (Step.WEEK.value, _("Per week"))]


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """This calendar month."""
    first = today.replace(day=1)
    return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


class StatisticsFilterForm(forms.Form):
    first_day = forms.DateField(label=_("From (date)"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(
        label=_("To (date)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most three years."),
    )
    area = forms.ChoiceField(label=_("Area of work"), required=False)
    workplace = forms.ModelChoiceField(
        label=_("Workplace"),
        required=False,
        queryset=Workplace.objects.none(),
        empty_label=_("All workplaces"),
        error_messages={
            "invalid_choice": _("That workplace is unknown, or not one whose statistics you may see."),
        },
    )
    step = forms.ChoiceField(label=_("Trend"), choices=STEP_CHOICES, required=False)

    def __init__(self, *args: Any, workplaces: QuerySet[Workplace], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workplaces = workplaces
        self.fields["workplace"].queryset = workplaces  # type: ignore[attr-defined]
        areas = sorted(set(workplaces.values_list("area", flat=True)))
        self.fields["area"].choices = [  # type: ignore[attr-defined]
            ("", _("All areas")),
            *((value, label) for value, label in AreaOfWork.choices if value in areas),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last and (problem := rules.period_problem(first, last)):
            self.add_error("last_day", problem)
        workplace, area = cleaned.get("workplace"), cleaned.get("area")
        if workplace is not None and area and workplace.area != area:
            self.add_error("workplace", _("That workplace is not in the chosen area."))
        return cleaned

    def chosen_workplaces(self) -> list[Workplace]:
        """The workplaces a valid filter reports on."""
        workplace, area = self.cleaned_data.get("workplace"), self.cleaned_data.get("area")
        if workplace is not None:
            return [workplace]
        chosen = self.workplaces.filter(area=area) if area else self.workplaces
        return list(chosen.only("pk", "name", "area"))

    def chosen_step(self) -> Step:
        return Step(self.cleaned_data.get("step") or Step.MONTH)
