from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "What `make run` does before starting: migrate, then load the demo municipality."

    def handle(self, *args: Any, **options: Any) -> None:
        # One process for both steps: Django starts once, so a second `make run` is quick.
        call_command("migrate", interactive=False, verbosity=options["verbosity"])
        call_command("seed_demo", verbosity=options["verbosity"])
