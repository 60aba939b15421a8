"""Forms of the workplace-request pages: only the shape of the input; the rules are in
``workplace_requests`` (so a refused request gets the rule's own reason beside its field)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.availability.forms import DATE_WIDGET
from vikarieportalen.staffing.models import AreaOfWork, Workplace
from vikarieportalen.staffing.workplace_requests.rules import NOTE_MAX


def _grouped(workplaces: Sequence[Workplace]) -> list[Any]:
    """Workplace options grouped by area of work, areas in their usual order."""
    groups: list[Any] = [("", _("Choose a workplace…"))]
    for area, label in AreaOfWork.choices:
        options = [(w.pk, w.name) for w in workplaces if w.area == area]
        if options:
            groups.append((label, options))
    return groups


class RequestNewForm(forms.Form):
    workplace = forms.ModelChoiceField(
        label=_("Workplace"), required=False, queryset=Workplace.objects.all(), empty_label=None
    )
    area = forms.ChoiceField(
        label=_("Or anywhere in an area of work"),
        required=False,
        choices=[("", _("No, a workplace as above")), *AreaOfWork.choices],
        help_text=_("The staffing centre then suggests a workplace in that area."),
    )
    message = forms.CharField(
        label=_("Message to the staffing centre (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example your experience, or which days you can work there."),
    )

    def __init__(self, *args: Any, choosable: Sequence[Workplace], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any workplace is accepted as input, so that a refused one gets its reason (already
        # introduced, already asked for, inactive); only the ones worth asking for are offered.
        self.fields["workplace"].widget.choices = _grouped(choosable)


class _ActionForm(forms.Form):
    """The action comes from the button pressed (``name="action"``); it is not a field on the page."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("action") and "action" not in self.errors:
            raise forms.ValidationError(_("Press one of the buttons to say what to do with the request."))
        return cleaned


class ReviewForm(_ActionForm):
    """The staffing centre's review: forward (picking the workplace for an area) or decline."""

    FORWARD, DECLINE = "forward", "decline"

    action = forms.ChoiceField(required=False, choices=[("", ""), (FORWARD, FORWARD), (DECLINE, DECLINE)])
    workplace = forms.ModelChoiceField(
        label=_("Workplace to send it to"),
        required=False,
        queryset=Workplace.objects.none(),
        empty_label=_("Choose…"),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The substitute and the manager read it. Required when you decline: say why, and what "
            "could change it."
        ),
    )

    def __init__(self, *args: Any, area_workplaces: Sequence[Workplace] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workplace"].queryset = Workplace.objects.all()  # type: ignore[attr-defined]
        self.fields["workplace"].widget.choices = [
            ("", _("Choose…")),
            *((w.pk, w.name) for w in area_workplaces),
        ]


class DecisionForm(_ActionForm):
    """The manager's decision: approve (with the introduction date) or decline (with a note)."""

    APPROVE, DECLINE = "approve", "decline"

    action = forms.ChoiceField(required=False, choices=[("", ""), (APPROVE, APPROVE), (DECLINE, DECLINE)])
    introduced_on = forms.DateField(
        label=_("Introduced on (optional)"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Empty means today. The substitute may be booked at the workplace from now on."),
    )
    note = forms.CharField(
        label=_("Note to the substitute"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline: say why."),
    )
