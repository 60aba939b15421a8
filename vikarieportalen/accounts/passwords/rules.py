"""The password policy as pure functions of plain data (no database, no settings).

Two profiles (``PASSWORD_PROFILE``):

- *municipal*, the seed's rule: at least 12 characters, at least 3 of the 4 character classes
  (special character, digit, capital, small letter), no å, ä or ö, and not the user's name.
- *nist*, NIST SP 800-63B-4: at least 15 characters, no composition rules and no expiry.

Both refuse common passwords and the user's last passwords (those need data, so the validators in
``validators.py`` check them), and both refuse passwords containing the user's names or username:
800-63B-4 asks for a blocklist with "context-specific words" such as the username.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Profile(StrEnum):
    MUNICIPAL = "municipal"
    NIST = "nist"


@dataclass(frozen=True)
class PasswordPolicy:
    profile: Profile
    min_length: int
    min_classes: int  # 0: no composition rule
    forbid_swedish_letters: bool
    expires: bool
    history_count: int = 5


POLICIES: dict[Profile, PasswordPolicy] = {
    Profile.MUNICIPAL: PasswordPolicy(
        Profile.MUNICIPAL, min_length=12, min_classes=3, forbid_swedish_letters=True, expires=True
    ),
    Profile.NIST: PasswordPolicy(
        Profile.NIST, min_length=15, min_classes=0, forbid_swedish_letters=False, expires=False
    ),
}


def policy_for(profile: str) -> PasswordPolicy:
    """The policy of a profile name; ValueError for an unknown name."""
    try:
        return POLICIES[Profile(profile)]
    except ValueError:
        choices = ", ".join(p.value for p in Profile)
        raise ValueError(f"unknown password profile {profile!r}; choose one of {choices}") from None


# ---------------------------------------------------------------------------------------------
# Criteria


class CharacterClass(StrEnum):
    SPECIAL = "special"
    DIGIT = "digit"
    CAPITAL = "capital"
    SMALL = "small"


def character_class(char: str) -> CharacterClass:
    if char.isdigit():
        return CharacterClass.DIGIT
    if char.isalpha():
        if char.isupper():
            return CharacterClass.CAPITAL
        if char.islower():
            return CharacterClass.SMALL
    # Spaces, punctuation, symbols, and letters without case (e.g. CJK) count as special.
    return CharacterClass.SPECIAL


def character_classes(password: str) -> set[CharacterClass]:
    return {character_class(char) for char in password}


SWEDISH_LETTERS = frozenset("åäöÅÄÖ")


def has_swedish_letters(password: str) -> bool:
    """True if the password has å, ä or ö in either case, composed or decomposed (a + ring)."""
    return any(char in SWEDISH_LETTERS for char in unicodedata.normalize("NFC", password))


_UNDECOMPOSABLE = {ord("ø"): "o", ord("æ"): "ae", ord("ł"): "l", ord("đ"): "d"}


def fold(text: str) -> str:
    """Lower case without accents: "Åsa Öberg" → "asa oberg". Used to compare names."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    # ß, æ, ø and ł have no decomposition: fold them by hand.
    return stripped.casefold().translate(_UNDECOMPOSABLE)


NAME_PART_MIN_LENGTH = 3
_WORD = re.compile(r"[^\W_]+")


def name_parts(names: Iterable[str]) -> list[str]:
    """Folded words of the names, at least 3 letters each ("Li" and "af" are too common to refuse)."""
    parts: list[str] = []
    for name in names:
        for word in _WORD.findall(fold(name)):
            if len(word) >= NAME_PART_MIN_LENGTH and word not in parts:
                parts.append(word)
    return parts


def _letters_and_digits(text: str) -> str:
    return "".join(_WORD.findall(fold(text)))


def contains_personal_name(
    password: str, *, full_name: str = "", names: Iterable[str] = (), username: str = ""
) -> bool:
    """True if the password is the user's name or contains a name part or the username.

    Compared case- and accent-insensitively, ignoring spaces and punctuation: "S@ra-Johansson1!"
    contains "sara"; "Åsa" is found in "asa". Name parts shorter than 3 letters are ignored.
    """
    folded = _letters_and_digits(password)
    if not folded:
        return False
    if full_name and folded == _letters_and_digits(full_name):
        return True
    needles = name_parts([full_name, *names])
    username_folded = _letters_and_digits(username)
    if len(username_folded) >= NAME_PART_MIN_LENGTH:
        needles.append(username_folded)
    return any(needle in folded for needle in needles)


# ---------------------------------------------------------------------------------------------
# The whole check, for the checklist and for tests


class Criterion(StrEnum):
    LENGTH = "length"
    CLASSES = "classes"
    NO_SWEDISH_LETTERS = "no_swedish_letters"
    NOT_NAME = "not_name"
    NOT_COMMON = "not_common"
    NOT_RECENT = "not_recent"


def criteria_for(policy: PasswordPolicy) -> list[Criterion]:
    """The criteria of a policy, in the order the checklist shows them."""
    criteria = [Criterion.LENGTH]
    if policy.min_classes:
        criteria.append(Criterion.CLASSES)
    if policy.forbid_swedish_letters:
        criteria.append(Criterion.NO_SWEDISH_LETTERS)
    criteria += [Criterion.NOT_NAME, Criterion.NOT_COMMON, Criterion.NOT_RECENT]
    return criteria


def failed_criteria(
    password: str,
    *,
    policy: PasswordPolicy,
    full_name: str = "",
    names: Iterable[str] = (),
    username: str = "",
    is_common: bool = False,
    is_recent: bool = False,
) -> list[Criterion]:
    """Every criterion of ``policy`` the password fails (empty: acceptable)."""
    failed = []
    if len(password) < policy.min_length:
        failed.append(Criterion.LENGTH)
    if policy.min_classes and len(character_classes(password)) < policy.min_classes:
        failed.append(Criterion.CLASSES)
    if policy.forbid_swedish_letters and has_swedish_letters(password):
        failed.append(Criterion.NO_SWEDISH_LETTERS)
    if contains_personal_name(password, full_name=full_name, names=names, username=username):
        failed.append(Criterion.NOT_NAME)
    if is_common:
        failed.append(Criterion.NOT_COMMON)
    if is_recent:
        failed.append(Criterion.NOT_RECENT)
    return failed


# ---------------------------------------------------------------------------------------------
# Expiry


def password_expires_on(
    changed_at: dt.datetime | None, *, max_age_days: int, policy: PasswordPolicy
) -> dt.datetime | None:
    """When a password set at ``changed_at`` expires; None if it never does.

    ``max_age_days`` 0 means never; the nist profile never expires. A password with no recorded
    change time (set before the policy, or by a fixture) has no known age and does not expire.
    """
    if changed_at is None or max_age_days <= 0 or not policy.expires:
        return None
    return changed_at + dt.timedelta(days=max_age_days)


def password_is_expired(
    changed_at: dt.datetime | None, *, now: dt.datetime, max_age_days: int, policy: PasswordPolicy
) -> bool:
    expires_at = password_expires_on(changed_at, max_age_days=max_age_days, policy=policy)
    return expires_at is not None and now >= expires_at
