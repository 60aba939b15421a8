"""Database expressions the reports need that Django does not have: a percentile and seconds between.

PostgreSQL has ``PERCENTILE_CONT … WITHIN GROUP``; SQLite (development and tests) gets a function of
the same meaning on every connection (``sqlite_functions_add``, from the app's ``ready``), so a
median is one aggregate in the query on both.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Aggregate, FloatField, Func

from vikarieportalen.statistics.rules import percentile_cont

SQLITE_PERCENTILE = "vp_percentile_cont"


class Percentile(Aggregate):
    """``Percentile(expression, fraction=0.5)``: the median (0.9: p90) of a numeric expression."""

    name = "Percentile"
    output_field = FloatField()
    template = "PERCENTILE_CONT(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"

    def __init__(self, expression: Any, *, fraction: float, **extra: Any) -> None:
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        # A float formatted here, never text from a request: safe in the SQL.
        super().__init__(expression, fraction=repr(float(fraction)), **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template=f"{SQLITE_PERCENTILE}(%(expressions)s, %(fraction)s)%(filter)s",
            **extra_context,
        )


class SecondsBetween(Func):
    """``SecondsBetween(later, earlier)``: the seconds from one moment to another, as a float."""

    arity = 2
    output_field = FloatField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
        )


class _SqlitePercentile:
    def __init__(self) -> None:
        self.values: list[float] = []
        self.fraction = 0.5

    def step(self, value: float | None, fraction: float) -> None:
        self.fraction = fraction
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return percentile_cont(self.values, self.fraction)


def sqlite_functions_add(sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(SQLITE_PERCENTILE, 2, _SqlitePercentile)
