from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vikarieportalen.core.i18n import catalogues_compile


class Command(BaseCommand):
    help = "Compile the .po files in LOCALE_PATHS to .mo (pure Python: GNU gettext is not needed)."
    requires_system_checks: list[str] = []  # it touches no database or model

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            compiled = catalogues_compile(locale_dirs=[Path(path) for path in settings.LOCALE_PATHS])
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        if compiled and options["verbosity"] > 0:
            self.stdout.write(f"Compiled {compiled} translation catalogue(s).")
