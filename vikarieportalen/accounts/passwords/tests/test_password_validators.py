"""The configured password validators, the history of earlier passwords, and NewPasswordForm."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone, translation

from vikarieportalen.accounts.models import PasswordHistory, User
from vikarieportalen.accounts.passwords.forms import NewPasswordForm
from vikarieportalen.accounts.passwords.services import user_password_set
from vikarieportalen.accounts.passwords.validators import (
    CharacterClassesValidator,
    CommonPasswordValidator,
    NoSwedishLettersValidator,
    PasswordHistoryValidator,
    PasswordLengthValidator,
    PersonalNameValidator,
    checklist_items,
)
from vikarieportalen.accounts.tests.factories import UserFactory

GOOD = "Blue!Harbour2026"
NIST_VALIDATORS = [
    {
        "NAME": "vikarieportalen.accounts.passwords.validators.PasswordLengthValidator",
        "OPTIONS": {"min_length": 15},
    },
    {"NAME": "vikarieportalen.accounts.passwords.validators.PersonalNameValidator"},
    {"NAME": "vikarieportalen.accounts.passwords.validators.CommonPasswordValidator"},
    {"NAME": "vikarieportalen.accounts.passwords.validators.PasswordHistoryValidator"},
]


def sara(**fields: object) -> User:
    defaults = {
        "preferred_given_name": "Sara",
        "given_names": "Sara Maria",
        "family_name": "Öberg",
        "username": "OBSA9804",
    }
    return UserFactory.build(**{**defaults, **fields})


def codes(password: str, user: User | None = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [e.code for e in error.error_list]  # type: ignore[misc]
    return []


def test_configured_profile_is_municipal() -> None:
    assert [item.key for item in checklist_items(sara())] == [
        "length",
        "classes",
        "no_swedish_letters",
        "not_name",
        "not_common",
        "not_common_word",
        "not_recent",
    ]


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        (GOOD, []),
        ("Kort!1a", ["password_too_short"]),
        ("abcdefghijklmnop", ["password_too_few_classes"]),
        ("Blåbär!2026xy", ["password_swedish_letters"]),
        ("Oberg!Harbour26", ["password_contains_name"]),  # Öberg, accent-insensitive
        ("harbour-MARIA-26", ["password_contains_name"]),  # a given name
        ("obsa9804!Harbour", ["password_contains_name"]),  # the username
        ("Qwerty123456", ["password_too_common"]),
    ],
)
def test_municipal_validators_each_criterion_alone(password: str, expected: list[str]) -> None:
    assert codes(password, sara()) == expected


def test_every_failed_criterion_has_its_own_message_in_english() -> None:
    with translation.override("en"):
        try:
            validate_password("åsa", sara(preferred_given_name="Åsa"))
        except ValidationError as error:
            messages = error.messages
    assert messages == [
        "The password is too short: it needs at least 12 characters.",
        "The password needs at least 3 of these 4: a special character, a digit, a capital letter, "
        "a small letter.",
        "The password must not contain å, ä or ö.",
        "The password must not be or contain your name or your username.",
    ]


@override_settings(AUTH_PASSWORD_VALIDATORS=NIST_VALIDATORS)
@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("blåbärssylt med grädde", []),  # no composition rules, å/ä/ö allowed
        ("abcdefghijklmn", ["password_too_short"]),
        ("oberg och sylt och grädde", ["password_contains_name"]),
        ("1q2w3e4r5t6y7u8i", ["password_too_common"]),
    ],
)
def test_nist_validators(password: str, expected: list[str]) -> None:
    assert codes(password, sara()) == expected


@override_settings(AUTH_PASSWORD_VALIDATORS=NIST_VALIDATORS)
def test_nist_checklist_has_no_composition_rules() -> None:
    assert [item.key for item in checklist_items(sara())] == [
        "length",
        "not_name",
        "not_common",
        "not_recent",
    ]


def test_validator_help_texts_are_english_msgids() -> None:
    with translation.override("en"):
        assert PasswordLengthValidator(12).get_help_text() == "At least 12 characters."
        assert "3 of these 4" in CharacterClassesValidator(3).get_help_text()
        assert NoSwedishLettersValidator().get_help_text() == "No å, ä or ö."
        assert "name" in PersonalNameValidator().get_help_text()
        assert CommonPasswordValidator().get_help_text() == "Not a common password."
        assert PasswordHistoryValidator(5).get_help_text() == "Not one of your last 5 passwords."


def test_name_checklist_item_carries_folded_name_parts_for_the_browser() -> None:
    item = PersonalNameValidator().checklist_item(sara())
    assert item.data == {"names": "sara oberg maria obsa9804", "whole": "saraoberg"}


# ---------------------------------------------------------------------------------------------
# History


PASSWORDS = [f"Blue!Harbour{n}x" for n in range(1, 7)]


@pytest.mark.django_db
def test_last_five_passwords_are_refused_and_the_sixth_last_allowed() -> None:
    user = UserFactory()
    for password in PASSWORDS:
        user_password_set(user=user, raw_password=password)
    assert codes(PASSWORDS[0], user) == []  # the 6th-last
    for password in PASSWORDS[1:]:  # the last 5, the current one included
        assert codes(password, user) == ["password_recently_used"]


@pytest.mark.django_db
def test_history_keeps_only_as_many_hashes_as_it_checks() -> None:
    user = UserFactory()
    for password in PASSWORDS:
        user_password_set(user=user, raw_password=password)
    hashes = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True))
    assert len(hashes) == 5
    assert hashes[0] == user.password
    assert all(password not in hashes for password in PASSWORDS)  # hashes, not the passwords


@pytest.mark.django_db
def test_current_password_is_refused_even_without_history() -> None:
    user = UserFactory(password=GOOD)  # set by the factory, not the service: no history rows
    assert not PasswordHistory.objects.filter(user=user).exists()
    assert codes(GOOD, user) == ["password_recently_used"]


def test_history_is_not_checked_for_an_unsaved_user() -> None:
    PasswordHistoryValidator().validate(GOOD, sara())


@pytest.mark.django_db
def test_user_password_set_records_time_and_clears_must_change() -> None:
    user = UserFactory(must_change_password=True)
    user_password_set(user=user, raw_password=GOOD)
    user.refresh_from_db()
    assert user.check_password(GOOD)
    assert not user.must_change_password
    assert user.password_changed_at is not None
    assert abs((timezone.now() - user.password_changed_at).total_seconds()) < 60


@pytest.mark.django_db
def test_password_set_by_someone_else_must_be_changed_at_next_login() -> None:
    user = UserFactory()
    user_password_set(user=user, raw_password=GOOD, actor=UserFactory())
    user.refresh_from_db()
    assert user.must_change_password


# ---------------------------------------------------------------------------------------------
# NewPasswordForm


@pytest.mark.django_db
def test_new_password_form_saves_a_valid_password() -> None:
    user = UserFactory()
    form = NewPasswordForm(user, data={"new_password": GOOD, "new_password_repeat": GOOD})
    assert form.is_valid(), form.errors
    form.save()
    user.refresh_from_db()
    assert user.check_password(GOOD)
    assert PasswordHistory.objects.filter(user=user).count() == 1
    assert all(row.met for row in form.checklist())


@pytest.mark.django_db
def test_new_password_form_refuses_mismatch_and_changes_nothing() -> None:
    user = UserFactory()
    before = user.password
    form = NewPasswordForm(user, data={"new_password": GOOD, "new_password_repeat": GOOD + "x"})
    assert not form.is_valid()
    assert form.errors.as_data()["new_password_repeat"][0].code == "password_mismatch"
    user.refresh_from_db()
    assert user.password == before


@pytest.mark.django_db
def test_checklist_marks_each_criterion_after_a_submit() -> None:
    user = UserFactory.build(preferred_given_name="Sara", family_name="Berg", username="BESA9804")
    unbound = NewPasswordForm(user)
    assert {row.met for row in unbound.checklist()} == {None}
    form = NewPasswordForm(user, data={"new_password": "xsarax", "new_password_repeat": "xsarax"})
    assert not form.is_valid()
    met = {row.key: row.met for row in form.checklist()}
    assert met == {
        "length": False,
        "classes": False,
        "no_swedish_letters": True,
        "not_name": False,
        "not_common": True,
        "not_common_word": True,
        "not_recent": None,  # the costly history check is skipped once a cheap one failed
    }


@pytest.mark.django_db
def test_history_is_checked_once_the_cheap_criteria_pass() -> None:
    user = UserFactory()
    user_password_set(user=user, raw_password=GOOD)
    form = NewPasswordForm(user, data={"new_password": GOOD, "new_password_repeat": GOOD})
    assert not form.is_valid()
    met = {row.key: row.met for row in form.checklist()}
    assert met["not_recent"] is False
    assert all(met[key] for key in met if key != "not_recent")


def test_form_refuses_overlong_passwords() -> None:
    long = "Aa1!" * 100
    form = NewPasswordForm(sara(), data={"new_password": long, "new_password_repeat": long})
    assert not form.is_valid()
    assert form.errors.as_data()["new_password"][0].code == "max_length"
