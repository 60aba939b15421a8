"""The password policy's pure rules, for both profiles, without a database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vikarieportalen.accounts.passwords.rules import (
    CharacterClass,
    Criterion,
    Profile,
    character_classes,
    contains_personal_name,
    criteria_for,
    failed_criteria,
    fold,
    has_swedish_letters,
    name_parts,
    password_expires_on,
    password_is_expired,
    policy_for,
)

MUNICIPAL = policy_for("municipal")
NIST = policy_for("nist")
SARA = {"full_name": "Sara Johansson", "names": ["Sara", "Sara Maria", "Johansson"], "username": "JOSA9804"}


def test_unknown_profile_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="municipal, nist"):
        policy_for("strict")


def test_profiles_differ_as_documented() -> None:
    assert (MUNICIPAL.min_length, MUNICIPAL.min_classes, MUNICIPAL.forbid_swedish_letters) == (12, 3, True)
    assert (NIST.min_length, NIST.min_classes, NIST.forbid_swedish_letters) == (15, 0, False)
    assert MUNICIPAL.expires and not NIST.expires
    assert MUNICIPAL.history_count == NIST.history_count == 5


def test_criteria_listed_per_profile() -> None:
    assert criteria_for(MUNICIPAL) == list(Criterion)
    assert criteria_for(NIST) == [
        Criterion.LENGTH,
        Criterion.NOT_NAME,
        Criterion.NOT_COMMON,
        Criterion.NOT_RECENT,
    ]


@pytest.mark.parametrize(
    ("password", "classes"),
    [
        ("abc", {CharacterClass.SMALL}),
        ("ABC", {CharacterClass.CAPITAL}),
        ("123", {CharacterClass.DIGIT}),
        ("!# ", {CharacterClass.SPECIAL}),
        ("aB3!", set(CharacterClass)),
        ("Éé", {CharacterClass.CAPITAL, CharacterClass.SMALL}),
    ],
)
def test_character_classes(password: str, classes: set[CharacterClass]) -> None:
    assert character_classes(password) == classes


@pytest.mark.parametrize("password", ["åsa", "ÅSA", "bär", "BÄR", "kö", "KÖ", "a\u030asa"])
def test_swedish_letters_found_in_either_case_and_decomposed(password: str) -> None:
    assert has_swedish_letters(password)


@pytest.mark.parametrize("password", ["asa", "Café-Ærø", "ü ø æ é"])
def test_other_letters_are_not_swedish(password: str) -> None:
    assert not has_swedish_letters(password)


def test_fold_removes_case_and_accents() -> None:
    assert fold("Åsa Öberg-Ängström") == "asa oberg-angstrom"
    assert fold("Søren ÆBLE") == "soren aeble"


def test_name_parts_ignore_parts_shorter_than_three_letters() -> None:
    assert name_parts(["Li af Wu", "Ann-Sofie"]) == ["ann", "sofie"]


@pytest.mark.parametrize(
    "password",
    [
        "Sara Johansson",
        "saraJOHANSSON",
        "S-a-r-a Johansson",  # punctuation ignored
        "Xx!sara2026Yy",  # preferred given name inside
        "Maria#2026xyZ",  # another given name
        "Kul!Johansson9",  # family name
        "josa9804!Abcdef",  # username, any case
        "Säraq!1Abcdefg",  # accent-insensitive: ä folds to a
    ],
)
def test_password_containing_the_users_name_is_refused(password: str) -> None:
    assert contains_personal_name(password, **SARA)


def test_accented_names_match_plain_passwords() -> None:
    assert contains_personal_name("Asa!Oberg2026", full_name="Åsa Öberg", names=["Åsa", "Öberg"])
    assert contains_personal_name("zz-JOSE-2026!", names=["José"])


def test_short_name_parts_do_not_refuse_a_password() -> None:
    # "Li" and "Wu" are too short to refuse; only the whole name would be.
    assert not contains_personal_name("Lindgren!2026wu", full_name="Li Wu", names=["Li", "Wu"])
    assert contains_personal_name("li wu", full_name="Li Wu", names=["Li", "Wu"])


def test_password_without_the_name_is_accepted() -> None:
    assert not contains_personal_name("Blue!Harbour2026", **SARA)
    assert not contains_personal_name("", **SARA)


@pytest.mark.parametrize(
    ("password", "failed"),
    [
        ("Kort!1a", [Criterion.LENGTH]),
        ("abcdefghijkl", [Criterion.CLASSES]),  # long, one class
        ("abcdefghijK1", []),  # three classes: small, capital, digit
        ("abcdefghij!1", []),  # small, special, digit
        ("ABCDEFGHIJ!1", []),  # capital, special, digit
        ("abcdefghijK!", []),  # small, capital, special
        ("abcdefghijKL", [Criterion.CLASSES]),  # two classes
        ("Blåbär!2026xy", [Criterion.NO_SWEDISH_LETTERS]),
        ("BLÅBÄR!2026XY", [Criterion.NO_SWEDISH_LETTERS]),
        ("Johansson!2026", [Criterion.NOT_NAME]),
        ("Sara", [Criterion.LENGTH, Criterion.CLASSES, Criterion.NOT_NAME]),
    ],
)
def test_municipal_profile_each_criterion_alone(password: str, failed: list[Criterion]) -> None:
    assert failed_criteria(password, policy=MUNICIPAL, **SARA) == failed


@pytest.mark.parametrize(
    ("password", "failed"),
    [
        ("abcdefghijklmn", [Criterion.LENGTH]),  # 14
        ("abcdefghijklmno", []),  # 15, one class: no composition rule
        ("blåbärssylt och grädde", []),  # å/ä/ö allowed
        ("johansson och sylt", [Criterion.NOT_NAME]),
    ],
)
def test_nist_profile_each_criterion_alone(password: str, failed: list[Criterion]) -> None:
    assert failed_criteria(password, policy=NIST, **SARA) == failed


def test_common_and_recent_are_reported_when_the_caller_says_so() -> None:
    assert failed_criteria("Blue!Harbour2026", policy=MUNICIPAL, is_common=True, is_recent=True) == [
        Criterion.NOT_COMMON,
        Criterion.NOT_RECENT,
    ]


@given(st.text(max_size=40), st.text(max_size=30))
def test_any_unicode_gives_an_answer_never_a_crash(password: str, name: str) -> None:
    for policy in (MUNICIPAL, NIST):
        failed_criteria(password, policy=policy, full_name=name, names=[name], username=name)


CHANGED = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)


def test_password_expires_after_max_age() -> None:
    assert password_expires_on(CHANGED, max_age_days=90, policy=MUNICIPAL) == CHANGED + dt.timedelta(days=90)
    assert not password_is_expired(
        CHANGED, now=CHANGED + dt.timedelta(days=89), max_age_days=90, policy=MUNICIPAL
    )
    assert password_is_expired(
        CHANGED, now=CHANGED + dt.timedelta(days=90), max_age_days=90, policy=MUNICIPAL
    )


@pytest.mark.parametrize(
    ("changed_at", "max_age_days", "profile"),
    [(CHANGED, 0, Profile.MUNICIPAL), (CHANGED, 90, Profile.NIST), (None, 90, Profile.MUNICIPAL)],
)
def test_password_never_expires(changed_at: dt.datetime | None, max_age_days: int, profile: Profile) -> None:
    policy = policy_for(profile)
    assert password_expires_on(changed_at, max_age_days=max_age_days, policy=policy) is None
    assert not password_is_expired(
        changed_at, now=CHANGED + dt.timedelta(days=5000), max_age_days=max_age_days, policy=policy
    )
