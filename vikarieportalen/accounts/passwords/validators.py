"""Django password validators for the password policy (see password_rules.py and the
AUTH_PASSWORD_VALIDATORS setting, built from PASSWORD_PROFILE).

Each validator checks one criterion and has its own message, and can say whether a password meets
it (``checklist_item``) so the form's checklist lists exactly the configured criteria.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vikarieportalen.accounts.passwords import rules as password_rules


@dataclass(frozen=True)
class ChecklistItem:
    """One criterion in the checklist. ``live``: the browser can check it while the user types."""

    key: str
    label: str | Promise
    live: bool
    data: dict[str, str]


class PasswordLengthValidator:
    checklist_key = "length"

    def __init__(self, min_length: int = 12) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "The password is too short: it needs at least %(min_length)d character.",
                    "The password is too short: it needs at least %(min_length)d characters.",
                    self.min_length,
                ),
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "At least %(min_length)d character.", "At least %(min_length)d characters.", self.min_length
        ) % {"min_length": self.min_length}

    def checklist_item(self) -> ChecklistItem:
        return ChecklistItem("length", self.get_help_text(), True, {"min": str(self.min_length)})


class CharacterClassesValidator:
    checklist_key = "classes"

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if len(password_rules.character_classes(password)) < self.min_classes:
            raise ValidationError(
                _(
                    "The password needs at least %(min_classes)d of these 4: a special character, "
                    "a digit, a capital letter, a small letter."
                ),
                code="password_too_few_classes",
                params={"min_classes": self.min_classes},
            )

    def get_help_text(self) -> str:
        return str(
            _(
                "At least %(min_classes)d of these 4: a special character (such as ! or #), a digit, "
                "a capital letter, a small letter."
            )
            % {"min_classes": self.min_classes}
        )

    def checklist_item(self) -> ChecklistItem:
        return ChecklistItem("classes", self.get_help_text(), True, {"min": str(self.min_classes)})


class NoSwedishLettersValidator:
    checklist_key = "no_swedish_letters"

    def validate(self, password: str, user: Any = None) -> None:
        if password_rules.has_swedish_letters(password):
            raise ValidationError(
                _("The password must not contain å, ä or ö."), code="password_swedish_letters"
            )

    def get_help_text(self) -> str:
        return str(_("No å, ä or ö."))

    def checklist_item(self) -> ChecklistItem:
        return ChecklistItem("no_swedish_letters", self.get_help_text(), True, {})


def _user_names(user: Any) -> tuple[str, list[str], str]:
    if user is None:
        return "", [], ""
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    names = [
        getattr(user, "preferred_given_name", ""),
        getattr(user, "given_names", ""),
        getattr(user, "family_name", ""),
    ]
    return full_name, [name for name in names if name], getattr(user, "username", "") or ""


class PersonalNameValidator:
    """Not the user's name, and not containing a given name, family name or the username."""

    checklist_key = "not_name"

    def validate(self, password: str, user: Any = None) -> None:
        full_name, names, username = _user_names(user)
        if password_rules.contains_personal_name(
            password, full_name=full_name, names=names, username=username
        ):
            raise ValidationError(
                _("The password must not be or contain your name or your username."),
                code="password_contains_name",
            )

    def get_help_text(self) -> str:
        return str(_("Not your name, and not containing your name or username."))

    def checklist_item(self, user: Any = None) -> ChecklistItem:
        full_name, names, username = _user_names(user)
        # Folded parts, for the browser to compare against: the user's own name, on their own page.
        parts = password_rules.name_parts([full_name, *names])
        folded_username = "".join(ch for ch in password_rules.fold(username) if ch.isalnum())
        if len(folded_username) >= password_rules.NAME_PART_MIN_LENGTH:
            parts.append(folded_username)
        whole = "".join(ch for ch in password_rules.fold(full_name) if ch.isalnum())
        return ChecklistItem(
            "not_name", self.get_help_text(), True, {"names": " ".join(parts), "whole": whole}
        )


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's list of 20,000 common passwords, with our message."""

    checklist_key = "not_common"

    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                _("This password is too common: it is among the first ones attackers try."),
                code="password_too_common",
            ) from None

    def get_help_text(self) -> str:
        return str(_("Not a common password."))

    def checklist_item(self) -> ChecklistItem:
        return ChecklistItem("not_common", self.get_help_text(), False, {})


SWEDISH_COMMON_WORDS_PATH = Path(__file__).resolve().parent / "data" / "common_sv.txt"


class CommonWordValidator:
    """Not a common password or word with digits and symbols added, or with letters written as
    digits: "Password1234!", "Sommar2026!!", "P@ssw0rd" (``rules.is_common_with_decorations``).

    The words are Django's list of 20,000 common passwords and a list of Swedish words shipped as
    data (``data/common_sv.txt``, one word a line); ``word_list_paths`` may name other files of
    that form. A password that is itself on Django's list is left to CommonPasswordValidator, so
    the two do not both complain about it.
    """

    checklist_key = "not_common_word"

    def __init__(self, word_list_paths: Sequence[str | Path] = (SWEDISH_COMMON_WORDS_PATH,)) -> None:
        self.common_passwords = frozenset(password_validation.CommonPasswordValidator().passwords)
        words = {password_rules.fold(password) for password in self.common_passwords}
        for path in word_list_paths:
            words |= password_rules.common_word_list(Path(path).read_text(encoding="utf-8"))
        self.common_words = frozenset(words)

    def validate(self, password: str, user: Any = None) -> None:
        if password.lower().strip() in self.common_passwords:
            return  # CommonPasswordValidator's refusal
        if password_rules.is_common_with_decorations(password, common_words=self.common_words):
            raise ValidationError(
                _(
                    "The password is too common, even with digits and symbols added. "
                    "Choose something that is harder to guess."
                ),
                code="password_common_word",
            )

    def get_help_text(self) -> str:
        return str(
            _("Not a common word or password with digits or symbols added, such as Sommar2026!! or P@ssw0rd.")
        )

    def checklist_item(self) -> ChecklistItem:
        return ChecklistItem("not_common_word", self.get_help_text(), False, {})


class PasswordHistoryValidator:
    """Not the current password nor one of the last PASSWORD_HISTORY_COUNT (stored as hashes)."""

    checklist_key = "not_recent"
    costly = True

    def __init__(self, count: int | None = None) -> None:
        self._count = count

    @property
    def count(self) -> int:
        return self._count if self._count is not None else settings.PASSWORD_HISTORY_COUNT

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or not user.pk or self.count <= 0:
            return
        hashes = list(user.password_history.order_by("-set_at", "-pk").values_list("password", flat=True))
        hashes = hashes[: self.count]
        if user.password and user.password not in hashes:
            hashes.insert(0, user.password)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                ngettext(
                    "You have used this password recently. Choose one you have not used before.",
                    "This is one of your last %(count)d passwords. Choose one you have not used before.",
                    self.count,
                ),
                code="password_recently_used",
                params={"count": self.count},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Not your current password.",
            "Not one of your last %(count)d passwords.",
            self.count,
        ) % {"count": self.count}

    def checklist_item(self) -> ChecklistItem:
        return ChecklistItem("not_recent", self.get_help_text(), False, {})


def checklist_items(user: Any = None) -> list[ChecklistItem]:
    """An item for every configured validator that can describe itself, in settings order."""
    items = []
    for validator in password_validation.get_default_password_validators():
        describe = getattr(validator, "checklist_item", None)
        if describe is None:
            continue
        items.append(describe(user) if isinstance(validator, PersonalNameValidator) else describe())
    return items


@dataclass(frozen=True)
class PasswordCheck:
    errors: list[ValidationError]
    failed: set[str]  # checklist keys of the criteria not met
    skipped: set[str]  # checklist keys not checked (costly checks, skipped after another failure)


def password_check(password: str, user: Any = None) -> PasswordCheck:
    """Run every configured validator, like Django's ``validate_password``, for the checklist too.

    Costly validators (``costly = True``: the history compares several slow hashes) run only when
    every cheap one passed, so a wrong guess does not cost a handful of Argon2 computations.
    """
    validators = password_validation.get_default_password_validators()
    cheap = [v for v in validators if not getattr(v, "costly", False)]
    costly = [v for v in validators if getattr(v, "costly", False)]
    errors: list[ValidationError] = []
    failed: set[str] = set()
    for validator in cheap:
        _run(validator, password, user, errors, failed)
    if errors:
        return PasswordCheck(errors, failed, {getattr(v, "checklist_key", "") for v in costly} - {""})
    for validator in costly:
        _run(validator, password, user, errors, failed)
    return PasswordCheck(errors, failed, set())


def _run(validator: Any, password: str, user: Any, errors: list[ValidationError], failed: set[str]) -> None:
    try:
        validator.validate(password, user)
    except ValidationError as error:
        errors.append(error)
        key = getattr(validator, "checklist_key", "")
        if key:
            failed.add(key)
