"""The daily summary: a report read from it is the report computed from the bookings, on random data,
before and after changes to old and recent days (the incremental refresh), per week and per month."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from vikarieportalen.accounts.tests.factories import (
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.payroll.tests.factories import (
    SupplementBandFactory,
    TimeReportFactory,
    TimeTransactionFactory,
)
from vikarieportalen.staffing.models import (
    Booking,
    BookingStatus,
    Offer,
    OfferSend,
    Shift,
    ShiftStatus,
)
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, WorkplaceFactory
from vikarieportalen.statistics import selectors
from vikarieportalen.statistics.models import (
    DailyFigures,
    Measure,
    SubstituteMonthDays,
    SubstituteMonthMinutes,
    SummaryState,
)
from vikarieportalen.statistics.rules import Step, percentile_cont
from vikarieportalen.statistics.selectors.durations import duration_figures, live_values
from vikarieportalen.statistics.services import LIVE_DAYS, statistics_refresh

ZONE = timezone.get_default_timezone()
NUMBERS = itertools.count(1000)  # offers' reply numbers and tokens, unique in every example
SPAN = 80  # days back from today the random needs fall on (and a few ahead)

NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)  # a failure is reported as found: shrinking is slow
need = st.fixed_dictionaries(
    {
        "workplace": st.integers(0, 2),
        "day": st.integers(-SPAN, 5),
        "withdrawn_by": st.sampled_from([None, None, "manager", "staff"]),
        "booking": st.sampled_from([None, "active", "active"]),
        "cancelled_by": st.sampled_from([None, None, "substitute", "manager", "staff"]),
        "pay_minutes": st.sampled_from([0, 0, 300, 480]),
        "ob_amount": st.sampled_from([None, Decimal("55.40"), Decimal("110.80")]),
        # seconds from the need's registration to its booking: ties, a few buckets, fractions
        "lead_seconds": st.sampled_from([0, 59.5, 60, 3600, 3600, 86400 * 3]) | st.floats(0, 10**7),
        "offers": st.lists(
            st.tuples(
                st.sampled_from(["accepted", "declined", "expired", "open"]),
                st.sampled_from([0, 30, 61, 600]) | st.floats(0, 10**6),
            ),
            max_size=3,
        ),
    }
)


def _offers_add(shift: Shift, offered: list[Any], offers: list[tuple[str, float]]) -> None:
    accepted = False
    for substitute, (wanted, answer_seconds) in zip(offered, offers, strict=False):
        status = "declined" if wanted == "accepted" and accepted else wanted  # one accepted a shift
        accepted = accepted or status == "accepted"
        offer = Offer.objects.create(
            send=OfferSend.objects.create(),
            shift=shift,
            substitute=substitute,
            code=str(next(NUMBERS)),
            token=f"t{next(NUMBERS)}",
            status=status,
            expires_at=shift.starts_at,
            responded_at=timezone.now() if status in ("accepted", "declined") else None,
        )
        if status in ("accepted", "declined"):
            Offer.objects.filter(pk=offer.pk).update(
                responded_at=offer.created_at + dt.timedelta(seconds=answer_seconds)
            )


def _needs_add(needs: list[dict[str, Any]], world: dict[str, Any]) -> None:
    today = timezone.localdate()
    for item in needs:
        workplace = world["workplaces"][item["workplace"]]
        day = today + dt.timedelta(days=item["day"])
        starts = dt.datetime.combine(day, dt.time(7), tzinfo=ZONE)
        shift = ShiftFactory(workplace=workplace, starts_at=starts, ends_at=starts + dt.timedelta(hours=9))
        # One substitute per need: two needs fall on one day, and PostgreSQL refuses one person two
        # overlapping active bookings (the cancelled booking is active until the update below).
        substitute = SubstituteFactory()
        _offers_add(shift, world["offered"], item["offers"])
        if item["cancelled_by"]:
            who = {"substitute": substitute, "manager": world["managers"][item["workplace"]]}
            cancelled = BookingFactory(shift=shift, substitute=substitute)
            Booking.objects.filter(pk=cancelled.pk).update(
                status=BookingStatus.CANCELLED,
                cancelled_at=timezone.now(),
                cancelled_by=who.get(item["cancelled_by"], world["staff"]),
            )
        if item["withdrawn_by"]:
            by = world["managers"][item["workplace"]] if item["withdrawn_by"] == "manager" else world["staff"]
            Shift.objects.filter(pk=shift.pk).update(
                status=ShiftStatus.CANCELLED, cancelled_at=timezone.now(), cancelled_by=by
            )
        elif item["booking"]:
            booking = BookingFactory(shift=shift, substitute=substitute)
            Booking.objects.filter(pk=booking.pk).update(
                created_at=shift.created_at + dt.timedelta(seconds=item["lead_seconds"])
            )
            if item["pay_minutes"]:
                report = TimeReportFactory(booking=booking)
                TimeTransactionFactory(
                    report=report, minutes=item["pay_minutes"], amount=Decimal(item["pay_minutes"]) * 3
                )
                if item["ob_amount"] is not None:
                    TimeTransactionFactory(
                        report=report,
                        minutes=60,
                        band=world["band"],
                        time_code="OB1",
                        amount=item["ob_amount"],
                    )


def _figures(report: selectors.Report) -> list[Any]:
    return [(t.key, t.columns, t.rows) for t in report.tables] + [s.chart for s in report.sections]


def _assert_same(world: dict[str, Any]) -> None:
    today = timezone.localdate()
    for workplaces in (world["workplaces"], world["workplaces"][1:2]):
        # from before the first need, from the first of a month (whole months from the summary), and
        # from after the summary's last day (durations from the bookings and offers alone)
        firsts = (
            today - dt.timedelta(days=SPAN + 3),
            (today - dt.timedelta(days=SPAN - 20)).replace(day=1),
            today - dt.timedelta(days=3),
        )
        for step, first in (
            (Step.WEEK, firsts[0]),
            (Step.MONTH, firsts[0]),
            (Step.MONTH, firsts[1]),
            (Step.WEEK, firsts[2]),
        ):
            scope = selectors.Scope(workplaces, first, today + dt.timedelta(days=6), step, today)
            summary = selectors.statistics_report(scope=scope)
            live = selectors.statistics_report(scope=scope, summary=False)
            assert _figures(summary) == _figures(live)
            _assert_same_durations(scope)


def _assert_same_durations(scope: selectors.Scope) -> None:
    """The exact seconds (not only the rounded hours shown): the histogram's percentiles are the
    database's PERCENTILE_CONT over the live values."""
    through = selectors.summary_through()
    if through is None:
        return
    through = max(through, scope.first - dt.timedelta(days=1))  # as the report reads it
    for measure in Measure:
        values = list(
            live_values(measure, (scope.first, scope.last))
            .filter(value_workplace__in=scope.workplace_ids)
            .values_list("seconds", flat=True)
        )
        found = duration_figures(
            measure, {("total",): scope.workplace_ids}, first=scope.first, last=scope.last, through=through
        )[("total",)]
        assert found.count == len(values)
        assert found.median == percentile_cont(values, 0.5)
        assert found.p90 == percentile_cont(values, 0.9)


class SummaryMatchesLive(TestCase):
    @settings(max_examples=15, deadline=None, phases=NO_SHRINK, suppress_health_check=[HealthCheck.too_slow])
    @given(before=st.lists(need, max_size=8), after=st.lists(need, max_size=6), cancel_old=st.booleans())
    def test_summary_and_live_agree(
        self, before: list[dict[str, Any]], after: list[dict[str, Any]], cancel_old: bool
    ) -> None:
        world: dict[str, Any] = {
            "workplaces": [WorkplaceFactory(area=area) for area in ("home_care", "home_care", "school")],
            "offered": [SubstituteFactory() for _ in range(3)],
            "staff": StaffingCentreFactory(),
            "band": SupplementBandFactory(),
        }
        world["managers"] = [WorkplaceManagerFactory() for _ in world["workplaces"]]
        for workplace, manager in zip(world["workplaces"], world["managers"], strict=True):
            workplace.managers.add(manager)
        _needs_add(before, world)
        statistics_refresh()
        assert SummaryState.objects.get().through == timezone.localdate() - dt.timedelta(days=LIVE_DAYS + 1)
        _assert_same(world)
        _needs_add(after, world)  # new needs on old days too, and on days the summary holds
        if cancel_old:  # a booking on a day the summary holds is cancelled later
            old = Booking.objects.filter(status=BookingStatus.ACTIVE).order_by("shift__day").first()
            if old is not None:
                Booking.objects.filter(pk=old.pk).update(
                    status=BookingStatus.CANCELLED, cancelled_at=timezone.now(), cancelled_by=old.substitute
                )
        statistics_refresh()
        _assert_same(world)


@pytest.mark.django_db
def test_the_refresh_is_incremental_and_the_command_runs() -> None:
    workplace = WorkplaceFactory()
    old = timezone.localdate() - dt.timedelta(days=20)
    starts = dt.datetime.combine(old, dt.time(7), tzinfo=ZONE)
    ShiftFactory(workplace=workplace, starts_at=starts, ends_at=starts + dt.timedelta(hours=8))
    first = statistics_refresh()
    assert first.rows == 1
    assert DailyFigures.objects.get().needed == 1
    again = statistics_refresh()
    assert (again.days, again.rows) == (0, 0)  # nothing changed: nothing recomputed
    ShiftFactory(workplace=workplace, starts_at=starts, ends_at=starts + dt.timedelta(hours=8))
    call_command("statistics_refresh", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert DailyFigures.objects.get(day=old, workplace=workplace).needed == 2


@pytest.mark.django_db
def test_one_row_per_day_and_workplace_in_the_database() -> None:
    workplace = WorkplaceFactory()
    DailyFigures.objects.create(day=dt.date(2026, 1, 5), workplace=workplace, needed=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DailyFigures.objects.create(day=dt.date(2026, 1, 5), workplace=workplace, needed=2)


@pytest.mark.django_db
def test_minutes_per_substitute_have_a_retention_rule_like_the_bookings() -> None:
    """The per-person rows are personal data: the purge takes whole months that ended before the
    accounting cut-off, as it does the bookings they are summed from."""
    from vikarieportalen.privacy.retention.policy import RULES

    rule = next(rule for rule in RULES if rule.kind == "statistics_hours")
    assert (rule.setting, rule.accounting) == ("RETENTION_ACCOUNTING_DAYS", True)
    person, workplace = SubstituteFactory(), WorkplaceFactory()
    before = dt.datetime(2020, 3, 15, tzinfo=ZONE)
    for month in (dt.date(2020, 2, 1), dt.date(2020, 3, 1)):
        SubstituteMonthMinutes.objects.create(substitute=person, workplace=workplace, month=month, minutes=60)
    assert list(rule.expired(before=before).values_list("month", flat=True)) == [dt.date(2020, 2, 1)]
    assert rule.purge(rule.expired(before=before), now=before) == 1
    assert SubstituteMonthMinutes.objects.get().month == dt.date(2020, 3, 1)


@pytest.mark.django_db
@override_settings(
    LAS_SAV_CONVERSION_DAYS=15, LAS_VIKARIAT_CONVERSION_DAYS=5, LAS_PRIORITY_DAYS=16, LAS_WARNING_DAYS=2
)
def test_las_counts_from_the_month_rows_equal_those_from_the_bookings() -> None:
    """LAS days summed from whole months of ``SubstituteMonthDays`` and the edge days from the
    bookings are the distinct days ``staffing.las`` counts: two bookings on one day, both forms,
    a cancelled booking, days after the summary and a reference in the middle of a month."""
    workplace, elsewhere = WorkplaceFactory(), WorkplaceFactory()
    today = timezone.localdate()
    people = [SubstituteFactory() for _ in range(5)]
    for index, person in enumerate(people):
        for back in range(0, 120, 11 - index):  # more days for the later people
            day = today - dt.timedelta(days=back)
            for hour, form in ((7, "sav"), (15, "sav" if back % 3 else "vikariat")):
                starts = dt.datetime.combine(day, dt.time(hour), tzinfo=ZONE)
                booking = BookingFactory(
                    shift=ShiftFactory(
                        workplace=workplace if back < 40 else elsewhere,
                        starts_at=starts,
                        ends_at=starts + dt.timedelta(hours=6),
                    ),
                    substitute=person,
                )
                Booking.objects.filter(pk=booking.pk).update(employment_form=form)
    old = Booking.objects.filter(substitute=people[4]).order_by("starts_at").first()
    assert old is not None
    statistics_refresh()
    Booking.objects.filter(pk=old.pk).update(status=BookingStatus.CANCELLED, cancelled_at=timezone.now())
    statistics_refresh()
    assert SubstituteMonthDays.objects.filter(substitute=people[4]).count() >= 4
    places = [workplace, elsewhere]
    for last in (today, today - dt.timedelta(days=45)):
        scope = selectors.Scope(places, last - dt.timedelta(days=20), last, Step.MONTH, today)
        summary, live = (
            next(t for t in selectors.statistics_report(scope=scope, summary=read).tables if t.key == "las")
            for read in (True, False)
        )
        assert summary.rows == live.rows
        assert any(any(row.cells[2:]) for row in live.rows)  # someone is near or over a limit
        assert any(row.cells[1] for row in live.rows)  # and someone below


@pytest.mark.django_db
def test_las_days_per_substitute_have_a_retention_rule_like_the_bookings() -> None:
    from vikarieportalen.privacy.retention.policy import RULES

    rule = next(rule for rule in RULES if rule.kind == "statistics_las_days")
    assert (rule.setting, rule.accounting) == ("RETENTION_ACCOUNTING_DAYS", True)
    person = SubstituteFactory()
    before = dt.datetime(2020, 3, 15, tzinfo=ZONE)
    for month in (dt.date(2020, 2, 1), dt.date(2020, 3, 1)):
        SubstituteMonthDays.objects.create(substitute=person, month=month, sav=1, vikariat=0, days=1)
    assert rule.purge(rule.expired(before=before), now=before) == 1
    assert SubstituteMonthDays.objects.get().month == dt.date(2020, 3, 1)
