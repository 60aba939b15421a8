"""LAS days: employment days of hourly substitutes under the Employment Protection Act (pure rules).

Counted the way hourly staff are counted: a local calendar day (Europe/Stockholm) on which an
active booking *starts* is one employment day, whatever its length — a night shift 21.15–07.15
counts on the day it starts — and a month is 30 days, so "more than 12 months" is more than 360
days and "more than 2 years" more than 720. Each day counts once per form of employment (a day
with two SÄV shifts is one SÄV day); the priority rule counts days of either form, once.

Rules (thresholds and windows from settings, see ``LasLimits.from_settings``):

- ``sav_conversion`` — LAS 5 a §: special fixed-term employment (SÄV) becomes permanent after more
  than 12 months of SÄV within 5 years;
- ``vikariat_conversion`` — LAS 5 a §: substitute positions (vikariat) after more than 2 years
  within 5 years;
- ``priority`` — LAS 25 §: priority for re-employment after more than 12 months of employment
  (either form) within 3 years.

A window of N years ends on the reference day and begins the day after the same date N years
earlier (29 February → 28 February in a year without it), so 5 years hold 1,826 or 1,827 days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vikarieportalen.core.time import STOCKHOLM

SAV = "sav"
VIKARIAT = "vikariat"
DAYS_PER_MONTH = 30


class LasRule(StrEnum):
    SAV_CONVERSION = "sav_conversion"
    VIKARIAT_CONVERSION = "vikariat_conversion"
    PRIORITY = "priority"


class LasState(StrEnum):
    OK = "ok"
    NEARING = "nearing"  # within the warning margin of the threshold
    OVER = "over"  # more days than the threshold: the right has arisen


class RankingPolicy(StrEnum):
    PREFER_FURTHEST = "prefer_furthest"  # fewest days of the shift's form first (after month hours)
    AVOID_CONVERSION = "avoid_conversion"  # …and those the shift would take over the limit last
    IGNORE = "ignore"  # shown, but not used in the ranking


RULE_LABELS = {
    LasRule.SAV_CONVERSION: _("Special fixed-term employment (SÄV): conversion to permanent employment"),
    LasRule.VIKARIAT_CONVERSION: _("Substitute positions (vikariat): conversion to permanent employment"),
    LasRule.PRIORITY: _("Priority for re-employment"),
}
SHORT_LABELS = {
    LasRule.SAV_CONVERSION: _("SÄV days"),
    LasRule.VIKARIAT_CONVERSION: _("Vikariat days"),
    LasRule.PRIORITY: _("Days for priority"),
}
STATE_LABELS = {
    LasState.OK: _("Below the limit"),
    LasState.NEARING: _("Nearing the limit"),
    LasState.OVER: _("Over the limit"),
}


@dataclass(frozen=True)
class LasLimits:
    sav_conversion_days: int = 360
    vikariat_conversion_days: int = 720
    conversion_window_years: int = 5
    priority_days: int = 360
    priority_window_years: int = 3
    warning_days: int = 30
    policy: RankingPolicy = RankingPolicy.PREFER_FURTHEST

    @classmethod
    def from_settings(cls) -> LasLimits:
        policy = getattr(settings, "LAS_RANKING_POLICY", RankingPolicy.PREFER_FURTHEST.value)
        return cls(
            sav_conversion_days=settings.LAS_SAV_CONVERSION_DAYS,
            vikariat_conversion_days=settings.LAS_VIKARIAT_CONVERSION_DAYS,
            conversion_window_years=settings.LAS_CONVERSION_WINDOW_YEARS,
            priority_days=settings.LAS_PRIORITY_DAYS,
            priority_window_years=settings.LAS_PRIORITY_WINDOW_YEARS,
            warning_days=settings.LAS_WARNING_DAYS,
            policy=(
                RankingPolicy(policy)
                if policy in RankingPolicy.__members__.values()
                else RankingPolicy.PREFER_FURTHEST
            ),
        )

    def threshold(self, rule: LasRule) -> int:
        return {
            LasRule.SAV_CONVERSION: self.sav_conversion_days,
            LasRule.VIKARIAT_CONVERSION: self.vikariat_conversion_days,
            LasRule.PRIORITY: self.priority_days,
        }[rule]

    def window_years(self, rule: LasRule) -> int:
        return self.priority_window_years if rule == LasRule.PRIORITY else self.conversion_window_years

    @property
    def longest_window_years(self) -> int:
        return max(self.conversion_window_years, self.priority_window_years)


def booking_day(starts_at: dt.datetime) -> dt.date:
    """The employment day of a booking: the local date it starts on."""
    return starts_at.astimezone(STOCKHOLM).date()


def years_before(day: dt.date, years: int) -> dt.date:
    """The same date ``years`` earlier; 29 February becomes 28 February in a year without it."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def window_first_day(reference: dt.date, years: int) -> dt.date:
    """The first day of the window of ``years`` years that ends on (and includes) ``reference``."""
    return years_before(reference, years) + dt.timedelta(days=1)


def days_in_window(days: Iterable[dt.date], *, first: dt.date, last: dt.date) -> int:
    """How many distinct days of ``days`` lie from ``first`` to ``last`` inclusive."""
    return len({day for day in days if first <= day <= last})


def state_for(days: int, *, threshold: int, warning_days: int) -> LasState:
    """Over: more than ``threshold`` days. Nearing: within ``warning_days`` of it (e.g. 331–360)."""
    if days > threshold:
        return LasState.OVER
    if days > threshold - warning_days:
        return LasState.NEARING
    return LasState.OK


@dataclass(frozen=True)
class LasCounts:
    """Employment days in each rule's window: SÄV and vikariat over the conversion window, either
    form over the priority window."""

    sav: int = 0
    vikariat: int = 0
    priority: int = 0

    def for_rule(self, rule: LasRule) -> int:
        return {
            LasRule.SAV_CONVERSION: self.sav,
            LasRule.VIKARIAT_CONVERSION: self.vikariat,
            LasRule.PRIORITY: self.priority,
        }[rule]

    def plus(self, other: LasCounts) -> LasCounts:
        return LasCounts(self.sav + other.sav, self.vikariat + other.vikariat, self.priority + other.priority)


def counts_from_days(
    booked: Iterable[tuple[dt.date, str]], *, reference: dt.date, limits: LasLimits
) -> LasCounts:
    """Counts up to and including ``reference`` from (employment day, form) pairs."""
    pairs = list(booked)
    conversion_first = window_first_day(reference, limits.conversion_window_years)
    priority_first = window_first_day(reference, limits.priority_window_years)
    return LasCounts(
        sav=days_in_window((d for d, form in pairs if form == SAV), first=conversion_first, last=reference),
        vikariat=days_in_window(
            (d for d, form in pairs if form == VIKARIAT), first=conversion_first, last=reference
        ),
        priority=days_in_window((d for d, _form in pairs), first=priority_first, last=reference),
    )


def counts_from_bookings(
    bookings: Iterable[tuple[dt.datetime, str]], *, reference: dt.date, limits: LasLimits
) -> LasCounts:
    """Counts from (starts_at, form) of active bookings — the reference the database counting follows."""
    return counts_from_days(
        ((booking_day(starts_at), form) for starts_at, form in bookings), reference=reference, limits=limits
    )


@dataclass(frozen=True)
class LasMeasure:
    rule: LasRule
    days: int
    projected: int  # with the booked days after the reference day
    threshold: int
    window_years: int
    state: LasState
    projected_state: LasState

    @property
    def remaining(self) -> int:
        """Days left before the threshold is passed (0 when already over)."""
        return max(0, self.threshold - self.days + 1)

    @property
    def label(self) -> str:
        return str(RULE_LABELS[self.rule])

    @property
    def short_label(self) -> str:
        return str(SHORT_LABELS[self.rule])

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def months(self) -> float:
        return round(self.days / DAYS_PER_MONTH, 1)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.days / self.threshold)) if self.threshold > 0 else 100


@dataclass(frozen=True)
class LasStatus:
    """Every rule measured for one substitute on one reference day."""

    reference: dt.date
    measures: tuple[LasMeasure, ...]

    @property
    def state(self) -> LasState:
        """The worst state of any rule."""
        states = {m.state for m in self.measures}
        for state in (LasState.OVER, LasState.NEARING):
            if state in states:
                return state
        return LasState.OK

    def measure(self, rule: LasRule) -> LasMeasure:
        return next(m for m in self.measures if m.rule == rule)

    @property
    def attention(self) -> list[LasMeasure]:
        """The rules nearing or over their threshold, over first."""
        return sorted(
            (m for m in self.measures if m.state != LasState.OK),
            key=lambda m: (m.state != LasState.OVER, m.remaining),
        )


def status_for(
    counts: LasCounts, *, reference: dt.date, limits: LasLimits, projected: LasCounts | None = None
) -> LasStatus:
    """Each rule's days against its threshold; ``projected`` adds the booked days still to come."""
    projected = projected or counts
    measures = []
    for rule in LasRule:
        threshold = limits.threshold(rule)
        days, ahead = counts.for_rule(rule), projected.for_rule(rule)
        measures.append(
            LasMeasure(
                rule=rule,
                days=days,
                projected=ahead,
                threshold=threshold,
                window_years=limits.window_years(rule),
                state=state_for(days, threshold=threshold, warning_days=limits.warning_days),
                projected_state=state_for(ahead, threshold=threshold, warning_days=limits.warning_days),
            )
        )
    return LasStatus(reference=reference, measures=tuple(measures))


def conversion_rule_for(form: str) -> LasRule:
    return LasRule.VIKARIAT_CONVERSION if form == VIKARIAT else LasRule.SAV_CONVERSION


def would_pass_conversion(counts: LasCounts, *, form: str, day_counted: bool, limits: LasLimits) -> bool:
    """Whether one more booking of ``form`` takes the person over its conversion threshold.

    ``counts`` are up to and including the booking's day; ``day_counted`` says the person already
    has a booking of that form that day (then the new one adds no day).
    """
    rule = conversion_rule_for(form)
    days = counts.for_rule(rule)
    threshold = limits.threshold(rule)
    return days <= threshold < days + (0 if day_counted else 1)


def rank_value(
    counts: LasCounts | None, *, form: str, day_counted: bool, limits: LasLimits
) -> tuple[bool, int]:
    """(would pass conversion, days of the shift's form) as the ranking uses them under the policy.

    Lower is better: ``prefer_furthest`` ranks by the days only (after the month hours),
    ``avoid_conversion`` also puts those the shift would take over the threshold last, and
    ``ignore`` gives everyone the same value.
    """
    if counts is None or limits.policy == RankingPolicy.IGNORE:
        return (False, 0)
    days = counts.for_rule(conversion_rule_for(form))
    passes = limits.policy == RankingPolicy.AVOID_CONVERSION and would_pass_conversion(
        counts, form=form, day_counted=day_counted, limits=limits
    )
    return (passes, days)
