"""Lookups the ORM lacks: used as expressions in ``filter()``, e.g. ``filter(AnyOf(F("pk"), ids))``."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup
from django.db.models.sql.compiler import SQLCompiler


class AnyOf(Lookup[Any]):
    """The left side is one of the integers ``rhs``: ``= ANY(%s)`` with the whole list as one array
    parameter on PostgreSQL, ``IN (…)`` elsewhere.

    For lists of thousands (the substitutes of a report): ``__in`` makes one parameter per value,
    which Django prepares one by one and psycopg splits out of the SQL text one by one, and which
    PostgreSQL plans as a list; one array costs neither."""

    lookup_name = "any_of"
    prepare_rhs = False

    def __init__(self, lhs: Any, rhs: Collection[int]) -> None:
        super().__init__(lhs, [int(value) for value in rhs])

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> Any:
        lhs, params = self.process_lhs(compiler, connection)
        if not self.rhs:
            raise EmptyResultSet
        sql, values = any_of_sql(lhs, self.rhs, vendor=connection.vendor)
        return sql, (*params, *values)


def any_of_sql(column: str, values: Collection[int], *, vendor: str) -> tuple[str, list[Any]]:
    """``AnyOf``'s SQL for hand-written queries: the condition and its parameters (``values`` not
    empty)."""
    if vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", [[int(value) for value in values]]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", [int(value) for value in values]
