"""Compile the translation catalogues (.po → .mo) in pure Python: GNU gettext is not needed.

Runs without Django (``python -m vikarieportalen.core.i18n locale``), so `make run` stays quick;
``manage.py compile_translations`` does the same for LOCALE_PATHS.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import polib


def catalogues_compile(*, locale_dirs: Iterable[Path]) -> int:
    """Compile every .po file that is newer than its .mo; returns how many were compiled."""
    compiled = 0
    for locale_dir in locale_dirs:
        for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
    return compiled


if __name__ == "__main__":
    count = catalogues_compile(locale_dirs=[Path(arg) for arg in sys.argv[1:]] or [Path("locale")])
    if count:
        print(f"Compiled {count} translation catalogue(s).")
