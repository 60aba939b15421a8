"""Swedish first, English complete: every string has a Swedish translation, and both catalogues load."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.LOCALE_PATHS[0])


@pytest.mark.parametrize("language", ["sv", "en"])
def test_catalogue_exists_for_every_language(language: str) -> None:
    assert (LOCALE / language / "LC_MESSAGES" / "django.po").is_file()


def test_every_swedish_entry_is_translated_and_not_fuzzy() -> None:
    catalogue = polib.pofile(str(LOCALE / "sv" / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_english_catalogue_has_the_same_messages_as_swedish() -> None:
    swedish = {entry.msgid for entry in polib.pofile(str(LOCALE / "sv" / "LC_MESSAGES" / "django.po"))}
    english = {entry.msgid for entry in polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))}
    assert swedish == english


def test_placeholders_survive_translation() -> None:
    catalogue = polib.pofile(str(LOCALE / "sv" / "LC_MESSAGES" / "django.po"))
    broken = [
        entry.msgid
        for entry in catalogue.translated_entries()
        if sorted(_placeholders(entry.msgid)) != sorted(_placeholders(entry.msgstr))
    ]
    assert broken == []


def test_compiled_swedish_is_used_at_runtime() -> None:
    with translation.override("sv"):
        assert translation.gettext("Skip to content") == "Hoppa till innehållet"
    with translation.override("en"):
        assert translation.gettext("Skip to content") == "Skip to content"


def _placeholders(text: str) -> list[str]:
    return re.findall(r"%\(\w+\)s|\{\w+\}", text)
