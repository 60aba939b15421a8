"""The automatic staffing proposal (issue 18) at full size: solver against today's greedy ranking.

Generates one week of open shifts and a pool of substitutes as plain facts (no database: the
solver and the baseline are pure), then
- runs the baseline, today's one-at-a-time ranking applied in order (``proposal/greedy.py``);
- runs the solver (``proposal/solver.py``) with its time limit;
- runs the independent checker (``proposal/checker.py``) over both results;
and prints the machine, the figures, and as the last line one JSON object with the keys shifts,
substitutes, filled, greedy_filled, upper_bound, seconds, violations, hours_gini, greedy_hours_gini.

The facts: 30 workplaces; shifts from five templates (day, evening, night, short morning, office
day) spread over the week, a third covering sick leave, a tenth urgent, some requiring a
medication delegation or a driving licence; each substitute introduced at two to six neighbouring
workplaces, holding some qualifications (a few expiring during the week), with a weekly pattern
of "can" and "cannot" days, sometimes a single evening they can or a week away, a booking or two
already in the week, hours already booked in the month, LAS days, and the workplaces they have
worked at.

Usage: .venv/bin/python bench/staffing_proposal.py [--shifts 2000] [--substitutes 1000]
       [--workplaces 30] [--time-limit 20] [--seed 2026] [--smoke]
``--smoke``: 60 shifts, 40 substitutes, 4 workplaces, a 3 s limit: seconds, for ``make test``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from machine import cpu_model, ram_gib

if TYPE_CHECKING:
    from vikarieportalen.staffing.proposal.facts import ProposalShift, ProposalSubstitute

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ZONE = ZoneInfo("Europe/Stockholm")
MONDAY = dt.date(2026, 3, 9)  # the second week of a month: hours already booked in it count
# (start, end, break minutes, weight): an end at or before the start is the next day
TEMPLATES = [
    (dt.time(7), dt.time(16), 45, 5),
    (dt.time(13, 30), dt.time(21, 30), 30, 4),
    (dt.time(21, 15), dt.time(7, 15), 45, 2),
    (dt.time(7), dt.time(11), 0, 1),
    (dt.time(8), dt.time(15), 30, 1),
]
DELEGATION, LICENCE = (1, "Läkemedelsdelegering"), (2, "Körkort")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def local(day: dt.date, clock: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, clock, tzinfo=ZONE)


def generate(
    *, shifts: int, substitutes: int, workplaces: int, seed: int
) -> tuple[list[ProposalShift], list[ProposalSubstitute]]:
    """Realistic plain facts for one week (see the module docstring)."""
    from vikarieportalen.staffing.booking.facts import AvailabilitySpan, Limits, WeeklyPattern, Work
    from vikarieportalen.staffing.las.rules import LasCounts
    from vikarieportalen.staffing.proposal.facts import ProposalShift, ProposalSubstitute

    rnd = random.Random(seed)
    weights = [t[3] for t in TEMPLATES]
    open_shifts = []
    for n in range(shifts):
        day = MONDAY + dt.timedelta(days=rnd.randrange(7))
        start, end, brk, _w = rnd.choices(TEMPLATES, weights)[0]
        starts_at = local(day, start)
        ends_at = local(day + dt.timedelta(days=1) if end <= start else day, end)
        workplace = rnd.randrange(workplaces) + 1
        required = []
        if rnd.random() < 0.15:
            required.append(DELEGATION)
        if rnd.random() < 0.05:
            required.append(LICENCE)
        reason = rnd.choices(["sick_leave", "vacation", "extra_need"], [35, 25, 40])[0]
        open_shifts.append(
            ProposalShift(
                n + 1,
                starts_at,
                ends_at,
                brk,
                day,
                workplace,
                f"Boende {workplace}",
                "elderly_care",
                reason,
                urgent=(day - MONDAY).days < 2 and rnd.random() < 0.3,
                required_qualifications=tuple(required),
            )
        )
    pool = []
    for p in range(substitutes):
        home = rnd.randrange(workplaces)
        count = rnd.randint(2, 6)
        introduced = frozenset((home + rnd.randint(-3, 3)) % workplaces + 1 for _ in range(count))
        qualifications: dict[int, dt.date | None] = {}
        if rnd.random() < 0.45:
            qualifications[DELEGATION[0]] = None if rnd.random() < 0.85 else MONDAY + dt.timedelta(days=3)
        if rnd.random() < 0.5:
            qualifications[LICENCE[0]] = None
        weekly = []
        since = MONDAY - dt.timedelta(days=60)
        for weekday in range(7):
            r = rnd.random()
            if r < 0.5:
                weekly.append(WeeklyPattern(True, weekday, dt.time(6), dt.time.max, since))
            elif r < 0.6:
                weekly.append(WeeklyPattern(True, weekday, dt.time(13), dt.time.max, since))
            elif r < 0.75:
                weekly.append(WeeklyPattern(False, weekday, dt.time(0), dt.time.max, since))
        periods = []
        if rnd.random() < 0.2:
            day = MONDAY + dt.timedelta(days=rnd.randrange(7))
            periods.append(
                AvailabilitySpan(True, local(day, dt.time(20)), local(day + dt.timedelta(days=1), dt.time(8)))
            )
        if rnd.random() < 0.04:  # a week away
            periods.append(
                AvailabilitySpan(
                    False, local(MONDAY, dt.time(0)), local(MONDAY + dt.timedelta(days=7), dt.time(0))
                )
            )
        bookings = []
        for _ in range(rnd.choice([0, 0, 0, 1, 1, 2])):
            day = MONDAY + dt.timedelta(days=rnd.randrange(-2, 9))
            start, end, brk, _w = TEMPLATES[rnd.randrange(2)]
            work = Work(local(day, start), local(day, end), 0, "Fast bokning")
            minutes = int((work.ends_at - work.starts_at).total_seconds() // 60) - brk
            if not any(
                b.starts_at < work.ends_at + dt.timedelta(hours=11)
                and work.starts_at < b.ends_at + dt.timedelta(hours=11)
                for b in bookings
            ):
                bookings.append(Work(work.starts_at, work.ends_at, minutes, work.label))
        so_far = rnd.choice([0, 0, 8 * 60, 16 * 60, 24 * 60, 40 * 60, 60 * 60, 100 * 60, 150 * 60])
        so_far += sum(b.work_minutes for b in bookings if b.starts_at >= local(MONDAY, dt.time(0)))
        pool.append(
            ProposalSubstitute(
                10_000 + p,
                f"Vikarie {p:04d}",
                Limits(),
                is_bookable=rnd.random() > 0.03,
                introduced_at=introduced,
                qualifications=qualifications,
                bookings=tuple(bookings),
                month_minutes={(MONDAY.year, MONDAY.month): so_far},
                periods=tuple(periods),
                weekly=tuple(weekly),
                las=LasCounts(rnd.randrange(400), rnd.randrange(600), rnd.randrange(300)),
                worked_at=frozenset(w for w in introduced if rnd.random() < 0.6),
            )
        )
    return open_shifts, pool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shifts", type=int, default=2000)
    parser.add_argument("--substitutes", type=int, default=1000)
    parser.add_argument("--workplaces", type=int, default=30)
    parser.add_argument(
        "--time-limit", type=float, default=20.0, help="the solver's limit, building included"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--smoke", action="store_true", help="a run of seconds (make test)")
    args = parser.parse_args()
    if args.smoke:
        args.shifts, args.substitutes, args.workplaces, args.time_limit = 60, 40, 4, 3.0

    print(f"machine: {cpu_model()}, {os.cpu_count()} cores, {ram_gib()} GiB RAM, {platform.platform()}")
    print(f"python {platform.python_version()}, no database (the facts are plain data)")
    load_at_start = os.getloadavg()[0]
    print(f"load average at start: {load_at_start:.1f} (other work on the machine slows every figure)")
    setup_django()
    from ortools import __version__ as ortools_version

    from vikarieportalen.staffing.proposal import checker, greedy, solver

    started = time.perf_counter()
    shifts, pool = generate(
        shifts=args.shifts, substitutes=args.substitutes, workplaces=args.workplaces, seed=args.seed
    )
    print(
        f"facts: {len(shifts)} open shifts in the week of {MONDAY}, {len(pool)} substitutes, "
        f"{args.workplaces} workplaces ({time.perf_counter() - started:.1f} s to generate)"
    )

    started = time.perf_counter()
    baseline = greedy.greedy_proposal(shifts, pool)
    greedy_seconds = time.perf_counter() - started
    greedy_violations = checker.proposal_check(shifts, pool, baseline)
    greedy_gini = checker.hours_gini(checker.month_minutes_after(shifts, pool, baseline))
    print(
        f"greedy (today's ranking, shift by shift): {len(baseline)} filled in {greedy_seconds:.1f} s, "
        f"{len(greedy_violations)} violations, hours Gini {greedy_gini}"
    )

    started = time.perf_counter()
    proposal = solver.solve(shifts, pool, time_limit=args.time_limit)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    violations = checker.proposal_check(shifts, pool, proposal.assignments)
    check_seconds = time.perf_counter() - started
    gini = checker.hours_gini(checker.month_minutes_after(shifts, pool, proposal.assignments))
    print(
        f"solver (OR-Tools {ortools_version}, limit {args.time_limit:g} s): {proposal.filled} filled, "
        f"status {proposal.status}, upper bound {proposal.upper_bound}, {proposal.variables} pairs modelled, "
        f"{seconds:.1f} s"
    )
    print(
        f"  {proposal.filled / max(1, proposal.upper_bound):.3f} of the upper bound, "
        f"{proposal.filled - len(baseline):+d} against greedy; "
        f"not said they can: {sum(not a.stated_can for a in proposal.assignments)}; "
        f"new workplace: {sum(not a.worked_here_before for a in proposal.assignments)}"
    )
    print(f"  unfilled by binding rule: {dict(Counter(u.code for u in proposal.unfilled))}")
    print(f"checker: {len(violations)} violations in {check_seconds:.1f} s")
    print(f"hours Gini among those booked (month so far included): {gini}, greedy {greedy_gini}")
    for finding in violations[:10]:
        print(f"  {finding}")
    print(
        json.dumps(
            {
                "benchmark": "staffing_proposal",
                "shifts": len(shifts),
                "substitutes": len(pool),
                "workplaces": args.workplaces,
                "filled": proposal.filled,
                "greedy_filled": len(baseline),
                "upper_bound": proposal.upper_bound,
                "seconds": round(seconds, 2),
                "time_limit": args.time_limit,
                "status": proposal.status,
                "violations": len(violations),
                "greedy_violations": len(greedy_violations),
                "hours_gini": gini,
                "greedy_hours_gini": greedy_gini,
                "greedy_seconds": round(greedy_seconds, 2),
                "cpu": cpu_model(),
                "cores": os.cpu_count(),
                "load_average": round(load_at_start, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
