"""Exact medians and 90th percentiles of durations (time to booking, offers' answer times) from a
histogram, without sorting every value of a period.

The refresh stores, for every day the summary holds, each duration as the live computation gives it
(``DurationValue``, with its bucket on a log scale of minutes) and the counts per month, workplace and
bucket (``DurationBuckets``). A report adds up the counts of its whole months and counts its edge days
from the values, and takes the days after the summary from the bookings; the counts say which bucket
holds the k-th value of a workplace, an area or the total, and one narrow indexed query per bucket
(the stored values of that bucket, with the live ones of it added) gives the exact value. The
percentile is then PostgreSQL's PERCENTILE_CONT interpolation of the two neighbouring values, so the
figures equal the live ``Percentile`` aggregate exactly (``tests/test_summary.py`` checks it).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Max, Min, Q, QuerySet, Sum, Value, When

from vikarieportalen.core.lookups import AnyOf
from vikarieportalen.staffing.models import Booking, BookingStatus, Offer, OfferStatus
from vikarieportalen.statistics.aggregates import SecondsBetween
from vikarieportalen.statistics.models import DurationBuckets, DurationValue, Measure
from vikarieportalen.statistics.selectors.base import Days, booked_on

# Bucket 0: below 0 s; 1: 0 s up to a minute; then a minute times 2^(k/4) (19 % wider each) up to
# 2^20 minutes (two years), and the last bucket above that.
THRESHOLDS: tuple[float, ...] = (0.0, *(60.0 * 2 ** (k / 4) for k in range(81)))
FRACTIONS = (0.5, 0.9)


def bucket_of(seconds: float) -> int:
    return bisect.bisect_right(THRESHOLDS, seconds)


def _bucket_expression() -> Case:
    """``bucket_of`` in SQL: the same comparisons of the same floats, so the same bucket."""
    whens = [When(seconds__lt=limit, then=Value(index)) for index, limit in enumerate(THRESHOLDS)]
    return Case(*whens, default=Value(len(THRESHOLDS)), output_field=IntegerField())


def duration_seconds(measure: Measure) -> SecondsBetween:
    """The seconds one duration of ``measure`` lasts, on a booking (time to booking: from the need
    registered to booked) or an offer (answer time: from sent to answered)."""
    if measure == Measure.LEAD_TIME:
        return SecondsBetween(F("created_at"), F("shift__created_at"))
    return SecondsBetween(F("responded_at"), F("created_at"))


def offer_answered() -> Q:
    """Offers answered: accepted or declined, with the moment of the answer."""
    return Q(status__in=[OfferStatus.ACCEPTED, OfferStatus.DECLINED], responded_at__isnull=False)


def live_values(measure: Measure, days: Days) -> QuerySet[Any]:
    """Every duration of ``measure`` on ``days`` from the bookings or offers, annotated ``value_day``,
    ``value_workplace`` and ``seconds`` (the one definition the live percentiles use too). The
    shifts' days are named too: PostgreSQL then reads only those shifts to join."""
    on_days = Q(shift__day__range=days) if isinstance(days, tuple) else Q(shift__day__in=days)
    if measure == Measure.LEAD_TIME:
        queryset: QuerySet[Any] = Booking.objects.filter(
            booked_on(days), on_days, status=BookingStatus.ACTIVE
        ).annotate(
            value_day=F("shift__day"),
            value_workplace=F("workplace_id"),
            seconds=duration_seconds(measure),
        )
    else:
        queryset = Offer.objects.filter(on_days, offer_answered()).annotate(
            value_day=F("shift__day"),
            value_workplace=F("shift__workplace_id"),
            seconds=duration_seconds(measure),
        )
    return queryset.order_by()


def durations_write(days: Days) -> None:
    """Store the durations of ``days`` again (INSERT … SELECT in the database) and recount the
    months they lie in. Called by ``services.statistics_refresh`` inside its transaction."""
    period = Q(day__range=days) if isinstance(days, tuple) else Q(day__in=days)
    DurationValue.objects.filter(period).delete()
    table = DurationValue._meta.db_table
    for measure in Measure:
        rows = (
            live_values(measure, days)
            .annotate(value_measure=Value(int(measure)), value_bucket=_bucket_expression())
            .values_list("value_measure", "value_day", "value_workplace", "value_bucket", "seconds")
        )
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (measure, day, workplace_id, bucket, seconds) {sql}",
                params,
            )
    if isinstance(days, tuple):
        months = months_between(days[0], days[1])
    else:
        months = sorted({day.replace(day=1) for day in days})
    DurationBuckets.objects.filter(month__in=months).delete()
    counts = (
        (
            DurationValue.objects.filter(day__gte=months[0], day__lt=next_month(months[-1]))
            .order_by()
            .values("measure", "workplace_id", "bucket", "day")
            .annotate(count=Count("pk"), low=Min("seconds"), high=Max("seconds"))
        )
        if months
        else []
    )
    per_month: dict[tuple[int, dt.date, int, int], Tally] = defaultdict(Tally)
    wanted = set(months)
    for row in counts:
        month = row["day"].replace(day=1)
        if month in wanted:
            per_month[(row["measure"], month, row["workplace_id"], row["bucket"])].add(
                row["count"], row["low"], row["high"]
            )
    DurationBuckets.objects.bulk_create(
        [
            DurationBuckets(
                measure=m, month=month, workplace_id=w, bucket=b, count=t.count, low=t.low, high=t.high
            )
            for (m, month, w, b), t in per_month.items()
        ],
        batch_size=2000,
    )


class Tally:
    """How many values, and the least and greatest of them."""

    def __init__(self) -> None:
        self.count = 0
        self.low = math.inf
        self.high = -math.inf

    def add(self, count: int, low: float, high: float) -> None:
        self.count += count
        self.low = min(self.low, low)
        self.high = max(self.high, high)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def months_between(first: dt.date, last: dt.date, *, whole_only: bool = False) -> list[dt.date]:
    """The first days of the months the period touches (``whole_only``: those it covers whole)."""
    months, month = [], first.replace(day=1)
    while month <= last:
        if not whole_only or (month >= first and next_month(month) - dt.timedelta(days=1) <= last):
            months.append(month)
        month = next_month(month)
    return months


@dataclass(frozen=True)
class Figures:
    count: int
    median: float | None
    p90: float | None


Group = Hashable  # ("workplace", pk), ("area", area) or ("total",)


def _interpolate(values: dict[int, float], count: int, fraction: float) -> float | None:
    if count == 0:
        return None
    position = fraction * (count - 1)
    below, above = math.floor(position), math.ceil(position)
    return values[below] + (values[above] - values[below]) * (position - below)


Counts = dict[int, dict[int, Tally]]  # workplace -> bucket -> tally of the stored values
LiveValues = dict[int, dict[int, list[float]]]  # workplace -> bucket -> values after the summary


def _stored_counts(
    measure: Measure, workplace_ids: list[int], *, first: dt.date, stored_last: dt.date
) -> Counts:
    """Counts per workplace and bucket of the stored days: whole months from the histogram, the
    days at the edges from the values (two queries)."""
    whole = [
        m
        for m in months_between(first, stored_last)
        if m >= first and next_month(m) - dt.timedelta(1) <= stored_last
    ]
    counts: Counts = defaultdict(lambda: defaultdict(Tally))
    edges = Q(day__range=(first, stored_last))
    if whole:
        for row in (
            DurationBuckets.objects.filter(
                measure=measure, workplace_id__in=workplace_ids, month__range=(whole[0], whole[-1])
            )
            .order_by()
            .values("workplace_id", "bucket")
            .annotate(n=Sum("count"), low=Min("low"), high=Max("high"))
        ):
            counts[row["workplace_id"]][row["bucket"]].add(row["n"], row["low"], row["high"])
        edges = Q(day__range=(first, whole[0] - dt.timedelta(days=1))) | Q(
            day__range=(next_month(whole[-1]), stored_last)
        )
    for row in (
        DurationValue.objects.filter(edges, measure=measure, workplace_id__in=workplace_ids)
        .order_by()
        .values("workplace_id", "bucket")
        .annotate(n=Count("pk"), low=Min("seconds"), high=Max("seconds"))
    ):
        counts[row["workplace_id"]][row["bucket"]].add(row["n"], row["low"], row["high"])
    return counts


def _live_after(
    measure: Measure, workplace_ids: list[int], *, stored_last: dt.date, last: dt.date
) -> LiveValues:
    """The days after the summary, from the bookings (one query; none when there are none). Read
    with the cursor: tens of thousands of plain numbers, no model or converter needed per row."""
    live: LiveValues = defaultdict(lambda: defaultdict(list))
    if last > stored_last:
        rows = (
            live_values(measure, (stored_last + dt.timedelta(days=1), last))
            .filter(AnyOf(F("value_workplace"), workplace_ids))
            .values_list("value_workplace", "seconds")
        )
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for workplace_id, seconds in cursor.fetchall():
                seconds = float(seconds)
                live[workplace_id][bucket_of(seconds)].append(seconds)
    return live


def _tallies(counts: Counts, live: LiveValues) -> Counts:
    """The stored and the live tallies per workplace and bucket, added up once for every group."""
    tallies: Counts = defaultdict(lambda: defaultdict(Tally))
    for pk in counts.keys() | live.keys():
        per_bucket = tallies[pk]
        for bucket, tally in counts[pk].items():
            per_bucket[bucket].add(tally.count, tally.low, tally.high)
        for bucket, seconds in live[pk].items():
            per_bucket[bucket].add(len(seconds), min(seconds), max(seconds))
    return tallies


def _group_requests(
    group: Group, members: list[int], *, combined: Counts, live: LiveValues, known: dict[int, float]
) -> tuple[int, list[_Request]]:
    """The group's count, and which bucket holds each rank the percentiles need, and where in it
    (``combined``: ``_tallies``). Ranks in a bucket whose values are all the same go to ``known``
    instead (no read needed)."""
    if len(members) == 1:  # a workplace's own: read, not copied
        tallies = combined[members[0]]
    else:
        tallies = defaultdict(Tally)
        for pk in members:
            for bucket, tally in combined[pk].items():
                tallies[bucket].add(tally.count, tally.low, tally.high)
    per_bucket = {bucket: tally.count for bucket, tally in tallies.items()}
    total = sum(per_bucket.values())
    ranks = sorted({r for f in FRACTIONS for r in (math.floor(f * (total - 1)), math.ceil(f * (total - 1)))})
    ordered = sorted(per_bucket.items())
    below = index = 0
    in_bucket: dict[int, list[int]] = defaultdict(list)
    for rank in ranks if total else []:
        while below + ordered[index][1] <= rank:
            below += ordered[index][1]
            index += 1
        in_bucket[ordered[index][0]].append(rank - below)
    requests: list[_Request] = []
    for bucket, withins in in_bucket.items():
        rank = withins[0] + sum(n for b, n in ordered if b < bucket)
        if tallies[bucket].low == tallies[bucket].high:  # every value in it the same: no read
            for within in withins:
                known[rank + within - withins[0]] = tallies[bucket].low
            continue
        requests.append(
            _Request(
                group=group,
                members=members,
                bucket=bucket,
                offset=withins[0],
                size=withins[-1] - withins[0] + 1,
                live=sorted(s for pk in members for s in live[pk].get(bucket, [])),
                first_rank=rank,
            )
        )
    return total, requests


def duration_figures(
    measure: Measure,
    groups: dict[Group, list[int]],
    *,
    first: dt.date,
    last: dt.date,
    through: dt.date,
) -> dict[Group, Figures]:
    """The count, median and 90th percentile (seconds) of ``measure`` per group of workplaces over
    ``first``–``last``, the summary holding every day up to ``through`` (at least ``first``)."""
    stored_last = min(last, through)
    workplace_ids = sorted({pk for members in groups.values() for pk in members})
    counts = _stored_counts(measure, workplace_ids, first=first, stored_last=stored_last)
    live = _live_after(measure, workplace_ids, stored_last=stored_last, last=last)
    combined = _tallies(counts, live)
    requests: list[_Request] = []
    totals: dict[Group, int] = {}
    known: dict[Group, dict[int, float]] = defaultdict(dict)
    for group, members in groups.items():
        totals[group], group_requests = _group_requests(
            group, members, combined=combined, live=live, known=known[group]
        )
        requests += group_requests
    values = _values_at(measure, requests, first=first, stored_last=stored_last)
    for group, found in known.items():
        values[group].update(found)
    figures = {}
    for group in groups:
        total = totals[group]
        median, p90 = (_interpolate(values[group], total, f) for f in FRACTIONS)
        figures[group] = Figures(count=total, median=median, p90=p90)
    return figures


@dataclass(frozen=True)
class _Request:
    """Ranks ``offset`` … ``offset + size - 1`` of the values in ``bucket`` of ``members``."""

    group: Group
    members: list[int]
    bucket: int
    offset: int
    size: int
    live: list[float]  # the bucket's values from the days after the summary, in order
    first_rank: int  # the rank of ``offset`` in the whole group


def _values_at(
    measure: Measure, requests: list[_Request], *, first: dt.date, stored_last: dt.date
) -> dict[Group, dict[int, float]]:
    """The values the requests ask for, per group and rank, in one query: a table of what is wanted
    (request, workplace, bucket and the ranks; a row per member) joined to the stored values of each
    workplace's bucket (indexed), numbered per request in order, keeping the ranks asked for. The
    live ones are merged in here. With n live values in the bucket, the stored ones below rank
    ``offset − n`` all come before rank ``offset`` of the merged values, so only the stored ranks
    ``offset − n`` up to ``offset + size`` are kept (the SQL holds no list of live values)."""
    values: dict[Group, dict[int, float]] = defaultdict(dict)
    if not requests:
        return values
    skipped = [max(0, request.offset - len(request.live)) for request in requests]
    rows = [
        (number, member, request.bucket, skip, request.offset + request.size)
        for number, (request, skip) in enumerate(zip(requests, skipped, strict=True))
        for member in request.members
    ]
    wanted, params = _wanted_table(rows)
    table = DurationValue._meta.db_table
    sql = (
        f"WITH wanted (n, workplace_id, bucket, low, high) AS ({wanted}) "  # noqa: S608
        "SELECT n, seconds FROM (SELECT wanted.n, stored.seconds, wanted.low, wanted.high, "
        "ROW_NUMBER() OVER (PARTITION BY wanted.n ORDER BY stored.seconds) - 1 AS position "
        f"FROM wanted JOIN {table} stored ON stored.measure = %s AND stored.bucket = wanted.bucket "
        "AND stored.workplace_id = wanted.workplace_id AND stored.day BETWEEN %s AND %s) ranked "
        "WHERE position >= low AND position < high ORDER BY n, position"
    )
    found: dict[int, list[float]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, int(measure), first, stored_last])
        for number, seconds in cursor.fetchall():
            found[number].append(seconds)
    for number, (request, skip) in enumerate(zip(requests, skipped, strict=True)):
        merged = sorted(found[number] + request.live)[request.offset - skip :]
        for position in range(request.size):
            values[request.group][request.first_rank + position] = merged[position]
    return values


def _wanted_table(rows: list[tuple[int, int, int, int, int]]) -> tuple[str, list[Any]]:
    """``rows`` as SQL: five arrays unnested on PostgreSQL (five parameters however many rows),
    a VALUES list elsewhere."""
    if connection.vendor == "postgresql":
        columns = [list(column) for column in zip(*rows, strict=True)]
        return "SELECT * FROM unnest(%s::int[], %s::bigint[], %s::int[], %s::int[], %s::int[])", columns
    return "VALUES " + ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows)), [v for row in rows for v in row]
