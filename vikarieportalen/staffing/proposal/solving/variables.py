"""The model's variables: each (shift, person) pair, and the auxiliary variables with how their
values follow from the pairs (so a first solution can be hinted whole)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

Value = Callable[[cp_model.IntVar], int]


class Derived:
    """The model's auxiliary variables, each with how its value follows from the assignment and
    the variables before it: so the first solution is hinted whole (CP-SAT ignores a partial hint
    once it has to repair it) and its objective can be computed."""

    def __init__(self) -> None:
        self.rules: list[tuple[cp_model.IntVar, Callable[[Value], int]]] = []

    def add(self, var: cp_model.IntVar, rule: Callable[[Value], int]) -> None:
        self.rules.append((var, rule))

    def values(self, chosen: dict[int, int]) -> dict[int, int]:
        """Every variable's value (by index) from the pair variables' values in ``chosen``."""
        values = dict(chosen)

        def value(var: cp_model.IntVar) -> int:
            return values[var.index]

        for var, rule in self.rules:
            values[var.index] = rule(value)
        return values


def weighted_sum(terms: Sequence[tuple[int, cp_model.IntVar]]) -> Callable[[Value], int]:
    return lambda value: sum(m * value(v) for m, v in terms)


def excess_over(terms: Sequence[tuple[int, cp_model.IntVar]], offset: int) -> Callable[[Value], int]:
    return lambda value: max(0, sum(m * value(v) for m, v in terms) + offset)


def any_of(variables: Sequence[cp_model.IntVar]) -> Callable[[Value], int]:
    return lambda value: int(any(value(v) for v in variables))


def none_of(variables: Sequence[cp_model.IntVar]) -> Callable[[Value], int]:
    return lambda value: int(not any(value(v) for v in variables))


@dataclass
class Pair:
    shift: int  # index into shifts
    person: int  # index into substitutes
    var: cp_model.IntVar | None  # None: an option the model does not hold
    cost: int  # the goals' cost of this one assignment (hours aside)
    stated_can: bool
    worked_before: bool


def var_of(pair: Pair) -> cp_model.IntVar:
    if pair.var is None:
        raise ValueError("the pair is not in the model")
    return pair.var
