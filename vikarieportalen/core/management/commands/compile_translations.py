from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the .po files in LOCALE_PATHS to .mo (pure Python: GNU gettext is not needed)."
    requires_system_checks: list[str] = []  # it touches no database or model

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                try:
                    catalog = polib.pofile(str(po_path))
                except OSError as exc:
                    raise CommandError(f"{po_path}: {exc}") from exc
                catalog.save_as_mofile(str(mo_path))
                compiled += 1
        if compiled and options["verbosity"] > 0:
            self.stdout.write(f"Compiled {compiled} translation catalogue(s).")
