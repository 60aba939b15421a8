"""The sections whose figures cannot be added up from daily sums: percentiles (time to booking,
offers' answer times, from the histograms in ``selectors.durations``) and the hours per substitute
(``selectors.hours``); live from the bookings and offers when the summary may not be read (see
``selectors.summed`` and ``selectors.las`` for the rest)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from vikarieportalen.staffing.models import Booking, BookingStatus, Offer, OfferStatus
from vikarieportalen.statistics import rules
from vikarieportalen.statistics.aggregates import Percentile
from vikarieportalen.statistics.models import Measure
from vikarieportalen.statistics.selectors.base import (
    Cell,
    Row,
    Scope,
    Section,
    Series,
    Sums,
    Table,
    booked_on,
    workplace_table,
)
from vikarieportalen.statistics.selectors.daily import summary_through
from vikarieportalen.statistics.selectors.durations import (
    Figures,
    Group,
    duration_figures,
    duration_seconds,
    offer_answered,
)
from vikarieportalen.statistics.selectors.hours import minutes_per_substitute


def _percentile_table(
    scope: Scope,
    queryset: QuerySet[Any],
    *,
    workplace_field: str,
    value: Any,
    value_filter: Q | None,
    count: Any,
    per: int,
    key: str,
    title: str,
    columns: list[str],
    extra: dict[str, Any] | None = None,
    extra_cells: Any = None,
) -> Table:
    """A table of a count, the median and the 90th percentile of ``value`` (seconds; shown per
    ``per`` seconds): one grouped query per workplace, one per area, one for the total."""
    aggregates = {
        "count": count,
        "median": Percentile(value, fraction=0.5, filter=value_filter),
        "p90": Percentile(value, fraction=0.9, filter=value_filter),
        **(extra or {}),
    }
    per_workplace = {
        row[workplace_field]: row
        for row in queryset.order_by().values(workplace_field).annotate(**aggregates)
    }
    area_field = workplace_field.removesuffix("_id") + "__area"
    per_area = {row[area_field]: row for row in queryset.order_by().values(area_field).annotate(**aggregates)}
    total = queryset.order_by().aggregate(**aggregates)
    extra_cells = extra_cells or (lambda row: [])

    def cells(row: dict[str, Any] | None) -> list[Cell]:
        if row is None:
            row = dict.fromkeys(aggregates, None) | {"count": 0}
            return [0, *extra_cells(row), None, None]
        return [
            row["count"],
            *extra_cells(row),
            rules.hours(row["median"], per=per),
            rules.hours(row["p90"], per=per),
        ]

    return workplace_table(
        scope,
        key=key,
        title=title,
        columns=columns,
        cells_for_workplace=lambda w: cells(per_workplace.get(w.pk)),
        cells_for_area=lambda a: cells(per_area.get(a)),
        total_cells=cells(total),
    )


def _duration_table(
    scope: Scope,
    measure: Measure,
    *,
    summary: bool,
    per: int,
    key: str,
    title: str,
    columns: list[str],
    summary_cells: Callable[[Figures, dict[str, Any]], list[Cell]],
    sums: Sums | None,
    live_table: Callable[[], Table],
) -> Table:
    """``_percentile_table``'s table from the summary's histograms (``selectors.durations``) once
    the summary has been refreshed, else ``live_table()`` (from the bookings or offers). A period
    after the summary's last day is read from the bookings or offers by ``duration_figures`` too:
    one query, where the live table makes three."""
    through = summary_through() if summary else None
    if through is None:
        return live_table()
    through = max(through, scope.first - dt.timedelta(days=1))
    groups: dict[Group, list[int]] = {("total",): scope.workplace_ids}
    for workplace in scope.workplaces:
        groups[("workplace", workplace.pk)] = [workplace.pk]
        groups.setdefault(("area", workplace.area), []).append(workplace.pk)
    figures = duration_figures(measure, groups, first=scope.first, last=scope.last, through=through)
    areas = sums.area(scope.workplaces) if sums is not None else {}

    def cells(group: Group, values: dict[str, Any]) -> list[Cell]:
        found = figures[group]
        return [
            *summary_cells(found, values),
            rules.hours(found.median, per=per),
            rules.hours(found.p90, per=per),
        ]

    return workplace_table(
        scope,
        key=key,
        title=title,
        columns=columns,
        cells_for_workplace=lambda w: cells(("workplace", w.pk), sums.workplace[w.pk] if sums else {}),
        cells_for_area=lambda a: cells(("area", a), areas.get(a, {})),
        total_cells=cells(("total",), sums.total() if sums else {}),
    )


def _through(scope: Scope, summary: bool) -> dt.date | None:
    """The summary's last day when the report may read it for this scope, else None (live)."""
    through = summary_through() if summary else None
    return through if through is not None and through >= scope.first else None


def lead_time_section(scope: Scope, *, summary: bool = True) -> Section:
    title = _("From need registered to booked")
    columns = [_("Bookings"), _("Median (hours)"), _("90th percentile (hours)")]
    table = _duration_table(
        scope,
        Measure.LEAD_TIME,
        summary=summary,
        per=3600,
        key="lead_time",
        title=title,
        columns=columns,
        summary_cells=lambda found, values: [found.count],
        sums=None,
        live_table=lambda: _lead_time_table_live(scope, title, columns),
    )
    return Section(
        key="lead_time",
        title=_("Time to booking"),
        tables=[table],
        note=_("Hours from when the need was registered to when the substitute who holds it was booked."),
    )


def _lead_time_table_live(scope: Scope, title: str, columns: list[str]) -> Table:
    bookings = Booking.objects.filter(
        booked_on((scope.first, scope.last)),
        shift__day__range=(scope.first, scope.last),  # read only those days' shifts to join
        workplace_id__in=scope.workplace_ids,
        status=BookingStatus.ACTIVE,
    )
    return _percentile_table(
        scope,
        bookings,
        workplace_field="workplace_id",
        value=duration_seconds(Measure.LEAD_TIME),
        value_filter=None,
        count=Count("pk"),
        per=3600,
        key="lead_time",
        title=title,
        columns=columns,
    )


def offer_section(scope: Scope, sums: Sums, *, summary: bool = True) -> Section:
    columns = [
        _("Offers sent"),
        _("Answered"),
        _("Accepted"),
        _("Declined"),
        _("Answer rate (%)"),
        _("Median answer time (minutes)"),
        _("90th percentile answer time (minutes)"),
    ]
    table = _duration_table(
        scope,
        Measure.ANSWER_TIME,
        summary=summary,
        per=60,
        key="offers",
        title=_("Offer answers"),
        columns=columns,
        summary_cells=lambda found, values: [
            values["offers_sent"],
            values["offers_answered"],
            values["offers_accepted"],
            values["offers_declined"],
            rules.rate(values["offers_answered"], values["offers_sent"]),
        ],
        sums=sums,
        live_table=lambda: _offer_table_live(scope, columns),
    )
    return Section(
        key="offers",
        title=_("Offers"),
        tables=[table],
        note=_(
            "Offers of shifts in the period. Answered: accepted or declined; the rest expired, were "
            "withdrawn, went to someone else or still wait."
        ),
    )


def _offer_table_live(scope: Scope, columns: list[str]) -> Table:
    offers = Offer.objects.filter(
        shift__workplace_id__in=scope.workplace_ids, shift__day__range=(scope.first, scope.last)
    )
    answered = offer_answered()
    return _percentile_table(
        scope,
        offers,
        workplace_field="shift__workplace_id",
        value=duration_seconds(Measure.ANSWER_TIME),
        value_filter=answered,
        count=Count("pk"),
        per=60,
        key="offers",
        title=_("Offer answers"),
        columns=columns,
        extra={
            "answered": Count("pk", filter=answered),
            "accepted": Count("pk", filter=Q(status=OfferStatus.ACCEPTED)),
            "declined": Count("pk", filter=Q(status=OfferStatus.DECLINED)),
        },
        extra_cells=lambda row: [
            row["answered"] or 0,
            row["accepted"] or 0,
            row["declined"] or 0,
            rules.rate(row["answered"] or 0, row["count"] or 0),
        ],
    )


def substitute_minutes(scope: Scope, *, summary: bool = True) -> dict[int, int]:
    """The booked minutes per substitute who worked in the scope (the hours and LAS sections')."""
    return minutes_per_substitute(
        scope.workplace_ids, scope.first, scope.last, through=_through(scope, summary)
    )


def hours_section(minutes: dict[int, int]) -> Section:
    per_person = [m / 60 for m in sorted(minutes.values())]
    buckets = rules.hours_distribution(per_person)
    labels = [_("%(low)d–%(high)d h") % {"low": b.low, "high": b.high} for b in buckets]
    distribution = Table(
        key="hours_distribution",
        title=_("Substitutes by booked hours"),
        columns=[_("Booked hours"), _("Substitutes")],
        rows=[Row([label, bucket.count]) for label, bucket in zip(labels, buckets, strict=True)],
    )
    overview = Table(
        key="hours_summary",
        title=_("Booked hours per substitute"),
        columns=[_("Substitutes"), _("Hours in all"), _("Median"), _("90th percentile"), _("Most")],
        rows=[
            Row(
                [
                    len(per_person),
                    round(sum(per_person), 1),
                    _round(rules.percentile_cont(per_person, 0.5)),
                    _round(rules.percentile_cont(per_person, 0.9)),
                    _round(max(per_person, default=None)),
                ]
            )
        ],
    )
    return Section(
        key="hours",
        title=_("Hours per substitute"),
        tables=[overview, distribution],
        chart=Series(labels=labels, values=[float(b.count) for b in buckets], unit=_("substitutes")),
        note=_("How the booked hours in the period are shared among the substitutes who worked them."),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
