"""The staffing proposal's solver: OR-Tools CP-SAT over plain facts (pure: no database, no clock).

Hard constraints are the booking rules, with the parameters of each person's agreement (``Limits``)
and the rule functions of ``booking/rules.py`` and ``booking/working_time.py``:

- who may take a shift at all (eligibility, computed before the model with the rule functions):
  bookable, introduced, qualified on the day, no "cannot work" touching it, no overlap or too short
  daily rest against the person's fixed bookings, the shift's own break and length, and the month
  maximum for the shift alone;
- no overlap and the daily rest between two proposed shifts of one person: two shifts conflict
  exactly when their intervals, each extended by the daily rest after its end, overlap; that is an
  interval graph, so one "at most one" per maximal clique says it all;
- the weekly rest: in every calendar week a person gets a proposed shift in, some stretch of the
  weekly rest inside the week is free of work; it begins at the week's start or at the end of some
  work (fixed or proposed), so those are the only starts tried;
- the month maximum: the proposed minutes of each month (split as ``month_parts`` splits them)
  plus those already booked.

Goals (``Weights``), one weighted objective: filling each shift (more for urgent and sick-leave
shifts) minus the costs: a convex cost of each person's hours in the month (so far included), LAS
days and conversions under the policy, workplaces new to the person, changes of workplace in a day
and a week, and shifts the person has not said they can work. The fill weight exceeds any single
assignment's costs. The model holds each shift's cheapest ``candidates_per_shift`` people; the
``upper_bound`` is a maximum flow over everyone eligible (a relaxation, so proven). The solver
starts from a greedy solution checked by the rule functions (shifts with the fewest eligible
people first; its pairs are always in the model), and returns that one if it finds nothing better
in time. Shifts the solution leaves open then go to anyone eligible whom the rules still allow.
Unfilled shifts get the rule that bound them (``explain``).

The pieces live in ``solving/``: ``eligibility``, ``variables``, ``constraints``, ``model``,
``fill`` and ``unfilled``; this module runs the search.

Speed (``solving.eligibility.Rules``): each shift's dates, months, weeks and minutes are computed
once; cheap necessary conditions (introduction, held qualifications, "cannot work") go first; the
exact rule functions decide the rest, their answers kept where they depend on the shift's times
alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.proposal.facts import (
    Assignment,
    Progress,
    Proposal,
    ProposalShift,
    ProposalSubstitute,
    Weights,
)
from vikarieportalen.staffing.proposal.solving.fill import open_filled, priority
from vikarieportalen.staffing.proposal.solving.model import Built, model_build
from vikarieportalen.staffing.proposal.solving.unfilled import explain
from vikarieportalen.staffing.proposal.solving.variables import Pair, var_of

# How many of each shift's eligible people the model holds (the cheapest single assignments).
CANDIDATES_PER_SHIFT = 20
# The least time worth giving the search; with less left after building, the first solution stands.
MIN_SEARCH_SECONDS = 1.0


def solve(
    shifts: Sequence[ProposalShift],
    substitutes: Sequence[ProposalSubstitute],
    *,
    weights: Weights | None = None,
    las_limits: las.LasLimits | None = None,
    time_limit: float = 20.0,
    workers: int = 2,
    seed: int = 0,
    candidates_per_shift: int = CANDIDATES_PER_SHIFT,
    progress: Callable[[Progress], bool] | None = None,
) -> Proposal:
    """The proposal for ``shifts`` from ``substitutes``, found within ``time_limit`` seconds
    (building the model included); when time runs out, the best solution found (status "feasible"),
    or the first solution when the solver found none better (status "first").

    The model holds each shift's ``candidates_per_shift`` best eligible people (by the cost of
    the single assignment); ``upper_bound`` is proven over everyone eligible, not only those.

    ``progress``, when given, is called once the model is built, at each better solution, at each
    better bound and about once a second during the search; when it returns True the search stops
    (CP-SAT's ``StopSearch``) and the best solution so far is returned with ``stopped`` set.
    """
    weights = weights or Weights()
    las_limits = las_limits or las.LasLimits()
    started = time.perf_counter()
    built = model_build(
        shifts,
        substitutes,
        weights=weights,
        las_limits=las_limits,
        candidates_per_shift=candidates_per_shift,
    )
    pairs = built.pairs
    if not pairs:
        unfilled = explain(shifts, substitutes, built, chosen=[])
        return Proposal((), unfilled, "optimal", 0, time.perf_counter() - started, 0)

    first_objective = _objective_set(shifts, built, weights)
    solver = _solver_new(workers=workers, seed=seed)
    remaining = time_limit - (time.perf_counter() - started)
    watch = _Watch(progress, started=started, time_limit=time_limit, solver=solver)
    status = _search(built.model, solver, watch, remaining=remaining)
    chosen, status_name = _chosen(built, solver, status, first_objective)
    if open_filled(shifts, built.rules, built.options, weights, chosen) and status_name == "optimal":
        status_name = "feasible"  # optimal among the modelled candidates only
    assignments = _assignments(shifts, substitutes, chosen)
    unfilled = explain(shifts, substitutes, built, chosen=chosen)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return Proposal(
        assignments,
        unfilled,
        status_name,
        built.upper_bound,
        time.perf_counter() - started,
        len(pairs),
        objective=int(solver.objective_value) if found and status_name != "first" else first_objective,
        best_bound=int(solver.best_objective_bound) if found else None,
        stopped=watch.stopped,
    )


def _objective_set(shifts: Sequence[ProposalShift], built: Built, weights: Weights) -> int:
    """Set the model's objective and hint the first solution whole; the first solution's objective."""
    model, pairs = built.model, built.pairs
    model.maximize(
        sum((priority(shifts[pair.shift], weights) - pair.cost) * var_of(pair) for pair in pairs)
        - sum(weight * var for weight, var in built.costs)
    )
    hinted = {id(pair) for pair in built.first}
    values = built.derived.values({var_of(pair).index: int(id(pair) in hinted) for pair in pairs})
    for pair in pairs:
        model.add_hint(var_of(pair), id(pair) in hinted)
    for var, _rule in built.derived.rules:
        model.add_hint(var, values[var.index])
    return sum(
        (priority(shifts[pair.shift], weights) - pair.cost) * values[var_of(pair).index] for pair in pairs
    ) - sum(weight * values[var.index] for weight, var in built.costs)


def _solver_new(*, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # Presolve (probing above all) would spend most of a short limit on a large model that starts
    # from a good solution; a light presolve leaves the time to the search.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.max_presolve_iterations = 1
    solver.parameters.symmetry_level = 0
    return solver


def _search(
    model: cp_model.CpModel, solver: cp_model.CpSolver, watch: _Watch, *, remaining: float
) -> cp_model.CpSolverStatus:
    """The search within the ``remaining`` seconds (none when too few are left or the caller
    stopped it once the model was built: then the first solution it is)."""
    status = cp_model.UNKNOWN
    stopped = watch.report("built")
    if remaining >= MIN_SEARCH_SECONDS and not stopped:  # else the first solution it is
        solver.parameters.max_time_in_seconds = remaining
        if watch.progress is not None:
            solver.best_bound_callback = watch.on_bound
            solver.parameters.log_search_progress = True  # the log lines are the clock ticks
            solver.parameters.log_to_stdout = False
            solver.log_callback = watch.on_log
        status = solver.solve(model, watch.callback() if watch.progress is not None else None)
    return status


def _chosen(
    built: Built, solver: cp_model.CpSolver, status: cp_model.CpSolverStatus, first_objective: int
) -> tuple[list[Pair], str]:
    """The pairs of the solver's solution and its status, or of the first solution ("first") when
    the solver found none better."""
    chosen = list(built.first)  # no better solution in time: the first one, found by the rules
    status_name = "first"
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value >= first_objective:
        chosen = [pair for pair in built.pairs if solver.boolean_value(var_of(pair))]
        status_name = _status_name(status)
    return chosen, status_name


def _assignments(
    shifts: Sequence[ProposalShift], substitutes: Sequence[ProposalSubstitute], chosen: Sequence[Pair]
) -> tuple[Assignment, ...]:
    return tuple(
        sorted(
            (
                Assignment(
                    shift_id=shifts[pair.shift].id,
                    substitute_id=substitutes[pair.person].id,
                    stated_can=pair.stated_can,
                    worked_here_before=pair.worked_before,
                )
                for pair in chosen
            ),
            key=lambda a: (a.shift_id, a.substitute_id),
        )
    )


def _status_name(status: object) -> str:
    if status == cp_model.OPTIMAL:
        return "optimal"
    if status == cp_model.FEASIBLE:
        return "feasible"
    return "no_solution"


class _Watch:
    """The caller's ``progress`` function during the search: on each solution (a CP-SAT solution
    callback, which stops the search with ``StopSearch`` when asked), each better bound, and each
    log line at most once a second (so a cancel is seen even while no better solution comes)."""

    def __init__(
        self,
        progress: Callable[[Progress], bool] | None,
        *,
        started: float,
        time_limit: float,
        solver: cp_model.CpSolver,
    ) -> None:
        self.progress = progress
        self.started = started
        self.time_limit = time_limit
        self.solver = solver
        self.solutions = 0
        self.objective: int | None = None
        self.bound: int | None = None
        self.stopped = False
        self.last = 0.0

    def report(self, phase: str) -> bool:
        if self.progress is None or self.stopped:
            return self.stopped
        self.last = time.perf_counter()
        if self.progress(
            Progress(
                seconds=self.last - self.started,
                time_limit=self.time_limit,
                phase=phase,
                solutions=self.solutions,
                objective=self.objective,
                best_bound=self.bound,
            )
        ):
            self.stopped = True
        return self.stopped

    def callback(self) -> cp_model.CpSolverSolutionCallback:
        watch = self

        class _OnSolution(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                watch.solutions += 1
                watch.objective = int(self.objective_value)
                watch.bound = int(self.best_objective_bound)
                if watch.report("search"):
                    self.StopSearch()

        return _OnSolution()

    def on_bound(self, bound: float) -> None:
        self.bound = int(bound)
        if self.report("search"):
            self.solver.stop_search()

    def on_log(self, _line: str) -> None:
        if time.perf_counter() - self.last >= 1.0 and self.report("search"):
            self.solver.stop_search()
