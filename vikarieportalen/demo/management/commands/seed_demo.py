from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from vikarieportalen.demo.municipality import DEMO_PASSWORD, demo_municipality_build


class Command(BaseCommand):
    help = "Build the demo municipality (deterministic; running it again changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("sv"):
            result = demo_municipality_build()
        created = ", ".join(f"{what}: {count}" for what, count in sorted(result.created.items()))
        self.stdout.write(f"Demo municipality ready (created {created}).")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for role_label, username, name in result.logins:
            self.stdout.write(f"  {role_label:<22} {username:<12} {name}")
