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
        values: list[int] = self.rhs
        if not values:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", (*params, values)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*params, *values)
