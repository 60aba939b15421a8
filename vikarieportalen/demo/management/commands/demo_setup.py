from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrations_unapplied() -> bool:
    """Whether the database lacks a migration: reading the migration graph takes a fraction of a
    second, `migrate` with nothing to do some two (it renders every model's state)."""
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = "What `make run` does before starting: migrate, then load the demo municipality."

    def handle(self, *args: Any, **options: Any) -> None:
        # One process for both steps: Django starts once, so a second `make run` is quick.
        if migrations_unapplied():
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
        call_command("seed_demo", verbosity=options["verbosity"])
