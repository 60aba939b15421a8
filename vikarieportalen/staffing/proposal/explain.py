"""The proposal in words (issue 18): why each person was chosen, why a shift stayed open, and the
smallest change that would fill it. Pure: codes and numbers in, sentences in the active language out.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from vikarieportalen.staffing.booking import facts as rule
from vikarieportalen.staffing.booking.facts import month_parts
from vikarieportalen.staffing.proposal import facts as proposal_facts
from vikarieportalen.staffing.proposal.facts import ProposalShift, ProposalSubstitute

# Why a person was chosen (``ProposalAssignment.reason_codes``).
WORKED_HERE = "worked_here"
NEW_HERE = "new_here"
STATED_CAN = "stated_can"
NOT_STATED_CAN = "not_stated_can"
URGENT = "urgent"
SICK_LEAVE = "sick_leave"


def reason_codes(*, worked_here_before: bool, stated_can: bool, urgent: bool, sick_leave: bool) -> list[str]:
    """The reasons for one assignment, most telling first."""
    codes = [WORKED_HERE if worked_here_before else NEW_HERE, STATED_CAN if stated_can else NOT_STATED_CAN]
    if urgent:
        codes.append(URGENT)
    if sick_leave:
        codes.append(SICK_LEAVE)
    return codes


def hours_text(minutes: int) -> str:
    """Minutes as hours: "12 h", "7,5 h" (the decimal separator of the active language)."""
    minutes = max(0, minutes)
    if minutes % 60 == 0:
        value = str(minutes // 60)
    else:
        value = number_format(round(minutes / 60, 1), decimal_pos=1, use_l10n=True)
    return _("%(hours)s h") % {"hours": value}


def _reason_phrase(code: str) -> str:
    phrases = {
        WORKED_HERE: _("Has worked here before"),
        NEW_HERE: _("New at this workplace"),
        STATED_CAN: _("Has said they can work then"),
        NOT_STATED_CAN: _("Has not said they can work then"),
        URGENT: _("Urgent shift"),
        SICK_LEAVE: _("Covers a sick leave"),
    }
    return phrases.get(code, "")


def assignment_text(codes: Sequence[str], *, month_minutes_before: int) -> str:
    """E.g. "Har arbetat här förut · Har sagt att hen kan · 12 h hittills i månaden"."""
    parts = [phrase for phrase in (_reason_phrase(code) for code in codes) if phrase]
    parts.append(_("%(hours)s so far this month") % {"hours": hours_text(month_minutes_before)})
    return " · ".join(parts)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def unfilled_text(code: str, *, qualifications: Sequence[str] = (), month_max_minutes: int = 165 * 60) -> str:
    """Why a shift stayed open, from the rule that bound it: "ingen ledig med delegering för
    läkemedel", "alla med introduktion når 165 h i månaden"."""
    if code == rule.QUALIFICATION:
        if qualifications:
            names = ", ".join(_lower_first(name) for name in qualifications)
            return _("nobody free holds %(qualification)s") % {"qualification": names}
        return _("nobody free holds the qualification the shift requires")
    texts = {
        rule.INTRODUCTION: _("nobody free is introduced at the workplace"),
        rule.MONTH_HOURS: _("everyone introduced reaches %(hours)s in the month")
        % {"hours": hours_text(month_max_minutes)},
        rule.DAILY_REST: _("everyone introduced would get too short a daily rest"),
        rule.WEEKLY_REST: _("everyone introduced would get too short a weekly rest"),
        rule.OVERLAP: _("everyone introduced is already booked at the same time"),
        rule.AVAILABILITY: _("everyone introduced has said they cannot work then"),
        rule.NOT_BOOKABLE: _("nobody introduced can be booked at the moment"),
        rule.BREAK: _("the shift is too long without a break"),
        proposal_facts.TAKEN: _(
            "everyone who could take it is proposed for a shift at the same time or too close to it"
        ),
        proposal_facts.TIME_LIMIT: _("someone could take it, but the solver did not get that far in time"),
        proposal_facts.NOBODY: _("nobody in the pool is introduced at the workplace"),
    }
    return texts.get(code, _("no rule named"))


def change_text(change: str, *, qualifications: Sequence[str] = ()) -> str:
    """The smallest change known to fill the shift; "" when none is known."""
    if change == proposal_facts.ONE_MORE_INTRODUCED:
        return _("One more person introduced at the workplace would fill it.")
    if change == proposal_facts.ONE_MORE_QUALIFIED:
        if qualifications:
            names = ", ".join(_lower_first(name) for name in qualifications)
            return _("One more introduced person with %(qualification)s would fill it.") % {
                "qualification": names
            }
        return _("One more introduced person with the qualification would fill it.")
    if change == proposal_facts.ONE_OVERRIDE:
        return _("Overriding one rule for one person would fill it.")
    return ""


def month_minutes_before(shift: ProposalShift, person: ProposalSubstitute) -> int:
    """The person's booked minutes in the month the shift begins in (before the proposal)."""
    month = next(iter(month_parts(shift.starts_at, shift.ends_at, shift.work_minutes)))
    return person.month_minutes.get(month, 0)
