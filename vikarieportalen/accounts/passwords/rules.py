"""The password policy as pure functions of plain data (no database, no settings).

Two profiles (``PASSWORD_PROFILE``):

- *municipal*, the seed's rule: at least 12 characters, at least 3 of the 4 character classes
  (special character, digit, capital, small letter), no å, ä or ö, and not the user's name.
- *nist*, NIST SP 800-63B-4: at least 15 characters, no composition rules and no expiry.

Both refuse common passwords, also as the base of a password with digits and symbols added or
letters written as digits ("Sommar2026!!", "P@ssw0rd": ``is_common_with_decorations``), and the
user's last passwords (those need data, so the validators in ``validators.py`` check them), and both
refuse passwords containing the user's names or username, leetspeak undone: 800-63B-4 asks for a
blocklist with "context-specific words" such as the username.
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

    Compared case- and accent-insensitively, ignoring spaces and punctuation, and also with
    leetspeak undone: "S@ra-Johansson1!" and "J0h4nss0n!2026" contain "sara" and "johansson"; "Åsa"
    is found in "asa". Name parts shorter than 3 letters are ignored.
    """
    folded = _letters_and_digits(password)
    if not folded:
        return False
    haystacks = {folded} | {_letters_and_digits(variant) for variant in leet_variants(fold(password))}
    if full_name and _letters_and_digits(full_name) in haystacks:
        return True
    needles = name_parts([full_name, *names])
    username_folded = _letters_and_digits(username)
    if len(username_folded) >= NAME_PART_MIN_LENGTH:
        needles.append(username_folded)
    return any(needle in haystack for needle in needles for haystack in haystacks)


# ---------------------------------------------------------------------------------------------
# Common words with digits and symbols added ("Sommar2026!!", "P@ssw0rd", "Password1234!")

# Leetspeak: a digit or symbol written for the letter it looks like. "1" is both "i" and "l", so
# there are two tables; a password is undone with each.
_LEET_I = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_LEET_L = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_NOT_LETTERS = r"[\W\d_]+"
_LEADING = re.compile(rf"^{_NOT_LETTERS}")
_TRAILING = re.compile(rf"{_NOT_LETTERS}$")
_INNER = re.compile(_NOT_LETTERS)


def leet_variants(text: str) -> set[str]:
    """``text`` with leetspeak undone, once reading "1" as "i" and once as "l": "p@ssw0rd1" →
    {"passwordi", "passwordl"}. Call with folded text."""
    return {text.translate(_LEET_I), text.translate(_LEET_L)}


def strip_decorations(text: str, *, leading: bool = True, trailing: bool = True) -> str:
    """Without the digits, symbols and spaces before the first letter and after the last one:
    "!!sommar2026!!" → "sommar"; a trailing year is such digits."""
    if leading:
        text = _LEADING.sub("", text)
    if trailing:
        text = _TRAILING.sub("", text)
    return text


def password_base_forms(password: str) -> set[str]:
    """The words a password may be built on, for comparing with lists of common words.

    Lower case without accents; digits and symbols stripped from the end, the start or both; then
    leetspeak undone and the ends stripped again; and each of those with every character that is
    not a letter dropped ("P@ss-w0rd!" → "password"). Stripping comes first so that a trailing
    year is not read as letters, and is tried at one end only so that a leading "@" or "1" can
    still be a letter ("@dmin2026", "1loveyou!"). "Sommar2026!!", "S0mmar-2026" and "$0MMAR!" all
    give "sommar".
    """
    folded = fold(password).strip()
    stripped = {
        folded,
        strip_decorations(folded),
        strip_decorations(folded, leading=False),
        strip_decorations(folded, trailing=False),
    }
    forms = set(stripped)
    for form in stripped:
        forms |= {strip_decorations(variant) for variant in leet_variants(form)}
    forms |= {_INNER.sub("", form) for form in list(forms)}
    forms.discard("")
    return forms


def common_word_list(text: str) -> frozenset[str]:
    """The words of a list file: one a line, "#" starts a comment; folded like the passwords."""
    words = (fold(line.split("#", 1)[0]).strip() for line in text.splitlines())
    return frozenset(word for word in words if word)


def is_common_with_decorations(password: str, *, common_words: frozenset[str]) -> bool:
    """True if the password is one of ``common_words`` once case, leetspeak and the digits and
    symbols around it are taken away ("Password1234!", "Sommar2026!!", "P@ssw0rd")."""
    return any(form in common_words for form in password_base_forms(password))


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
