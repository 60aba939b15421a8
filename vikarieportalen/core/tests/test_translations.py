"""Swedish first, English complete: every string has a Swedish translation, and both catalogues load."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
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
    broken = []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            # A plural form may leave out the count ("one try left"), never add an unknown name.
            allowed = set(_placeholders(entry.msgid)) | set(_placeholders(entry.msgid_plural))
            if any(not set(_placeholders(text)) <= allowed for text in entry.msgstr_plural.values()):
                broken.append(entry.msgid)
        elif sorted(_placeholders(entry.msgid)) != sorted(_placeholders(entry.msgstr)):
            broken.append(entry.msgid)
    assert broken == []


def test_compiled_swedish_is_used_at_runtime() -> None:
    with translation.override("sv"):
        assert translation.gettext("Skip to content") == "Hoppa till innehållet"
    with translation.override("en"):
        assert translation.gettext("Skip to content") == "Skip to content"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_catalogue_holds_every_string_in_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A string added to the code but not to the catalogues (`make messages`) fails here."""
    source = Path(settings.BASE_DIR)
    shutil.copytree(source / "vikarieportalen", tmp_path / "vikarieportalen")
    shutil.copytree(LOCALE, tmp_path / "locale")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [tmp_path / "locale"])
    call_command("makemessages", locale=["sv"], verbosity=0, no_obsolete=True)
    extracted = {entry.msgid for entry in polib.pofile(str(tmp_path / "locale/sv/LC_MESSAGES/django.po"))}
    committed = {entry.msgid for entry in polib.pofile(str(LOCALE / "sv" / "LC_MESSAGES" / "django.po"))}
    assert sorted(extracted - committed) == []


def _placeholders(text: str) -> list[str]:
    return re.findall(r"%\(\w+\)[sd]|\{\w+\}", text)
