"""Common words and passwords with digits and symbols added, or written in leetspeak, are refused.

The pure normalisation (``rules.password_base_forms``), the validator with its two lists (Django's
and the Swedish one in ``data/common_sv.txt``), and the password-change page in Swedish.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.models import PasswordHistory, User
from vikarieportalen.accounts.passwords.rules import (
    common_word_list,
    contains_personal_name,
    is_common_with_decorations,
    leet_variants,
    password_base_forms,
    strip_decorations,
)
from vikarieportalen.accounts.passwords.validators import (
    SWEDISH_COMMON_WORDS_PATH,
    CommonWordValidator,
    checklist_items,
)
from vikarieportalen.accounts.tests.factories import UserFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.testing import OUTSIDE_ADDRESS, TEST_PASSWORD

WORDS = frozenset({"password", "sommar", "vinter", "qwerty", "admin", "iloveyou"})


# Pure rules ----------------------------------------------------------------------------------


def test_strip_decorations_takes_digits_and_symbols_from_the_ends_only() -> None:
    assert strip_decorations("!!sommar2026!!") == "sommar"
    assert strip_decorations("2026-vinter") == "vinter"
    assert strip_decorations("blå-hus 2026") == "blå-hus"
    assert strip_decorations("@dmin2026", leading=False) == "@dmin"
    assert strip_decorations("2026") == ""


def test_leet_variants_read_one_as_both_i_and_l() -> None:
    assert leet_variants("p@ssw0rd") == {"password"}
    assert leet_variants("1ov3") == {"iove", "love"}
    assert leet_variants("$4l7") == {"salt"}


def test_base_forms_undo_case_accents_decoration_and_leetspeak() -> None:
    assert "sommar" in password_base_forms("Sommar2026!!")
    assert "sommar" in password_base_forms("S0MMAR-2026")
    assert "sommar" in password_base_forms("$0mmar!")
    assert "host" in password_base_forms("Höst2026!")
    assert "password" in password_base_forms("P@ss-w0rd!")
    assert "admin" in password_base_forms("@dmin12345!!")
    assert "iloveyou" in password_base_forms("1loveyou2026!")
    assert "" not in password_base_forms("2026!!")


@pytest.mark.parametrize(
    "password",
    ["Password1234!", "Sommar2026!!", "P@ssw0rd", "S0mmar2026", "Vinter!!2025", "qwerty123!", "!!ADMIN!!"],
)
def test_common_words_with_decoration_are_common(password: str) -> None:
    assert is_common_with_decorations(password, common_words=WORDS)


@pytest.mark.parametrize(
    "password",
    ["Blue!Harbour2026", "Sommar-Harbour-2026", "vinterqwerty", "tre gröna hästar dansar på bryggan"],
)
def test_other_passwords_are_not(password: str) -> None:
    assert not is_common_with_decorations(password, common_words=WORDS)


def test_word_list_file_format() -> None:
    text = "# a comment\nSommar\n\n  Höst  # trailing comment\nlösenord\n"
    assert common_word_list(text) == frozenset({"sommar", "host", "losenord"})


def test_a_name_in_leetspeak_is_still_the_name() -> None:
    sara = {"full_name": "Sara Johansson", "names": ["Sara", "Johansson"], "username": "JOSA9804"}
    assert contains_personal_name("J0h4nss0n!2026", **sara)
    assert contains_personal_name("S@r@-Harbour-26", **sara)
    assert not contains_personal_name("Blue!Harbour2026", **sara)


# The validator -------------------------------------------------------------------------------


def codes(password: str) -> list[str]:
    try:
        validate_password(password, UserFactory.build(username="OBSA9804", family_name="Öberg"))
    except ValidationError as error:
        return [e.code for e in error.error_list]  # type: ignore[misc]
    return []


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Password1234!", ["password_common_word"]),
        ("Sommar2026!!", ["password_common_word"]),
        ("S0mmar2026!!", ["password_common_word"]),
        ("Vinter!!2025", ["password_common_word"]),
        ("Qwerty123!!!", ["password_common_word"]),
        ("Lösenord-2026", ["password_swedish_letters", "password_common_word"]),
        ("Vikarieportalen1!", ["password_common_word"]),
        ("Djurgarden1891!", ["password_common_word"]),
        ("Kristinehamn#2026", ["password_common_word"]),
        # On Django's list as it is: the plain common-password check answers, only once.
        ("P@ssw0rd", ["password_too_short", "password_too_common"]),
        ("Qwerty123456", ["password_too_common"]),
        # Long phrases, and the words people really choose, pass.
        ("Blue!Harbour2026", []),
        ("Gron-Hast-Trappa-77", []),
        ("Sju Ljusa Kanoter Ror Mot Fyren 9", []),
    ],
)
def test_configured_validators_refuse_decorated_common_words(password: str, expected: list[str]) -> None:
    assert codes(password) == expected


def test_short_words_refuse_only_as_the_whole_password() -> None:
    validator = CommonWordValidator()
    with pytest.raises(ValidationError):
        validator.validate("Vår!2026!!!!")
    validator.validate("Var-Bor-Pelles-Katt-21")  # words from the list, as a phrase


def test_the_swedish_list_is_data_of_a_few_hundred_words() -> None:
    words = common_word_list(SWEDISH_COMMON_WORDS_PATH.read_text(encoding="utf-8"))
    assert len(words) > 300
    assert {"sommar", "vinter", "host", "losenord", "vikarie", "kommun", "hejhej", "qwerty"} <= words


def test_another_word_list_can_be_given(tmp_path) -> None:
    extra = tmp_path / "words.txt"
    extra.write_text("harbour\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        CommonWordValidator(word_list_paths=[extra]).validate("Harbour!2026")
    CommonWordValidator(word_list_paths=[]).validate("Sommar2026!!")  # not Swedish, not on Django's


def test_message_and_checklist_item_in_swedish() -> None:
    with translation.override("sv"):
        with pytest.raises(ValidationError) as refused:
            CommonWordValidator().validate("Sommar2026!!")
        assert refused.value.messages == [
            "Lösenordet är för vanligt, även med siffror och tecken tillagda. "
            "Välj något som är svårare att gissa."
        ]
        item = next(item for item in checklist_items() if item.key == "not_common_word")
        assert str(item.label).startswith("Inte ett vanligt ord eller lösenord med siffror eller tecken")
        assert item.live is False


# The password-change page --------------------------------------------------------------------


@pytest.mark.django_db
def test_password_change_refuses_a_decorated_common_word_in_swedish() -> None:
    user = UserFactory(preferred_given_name="Sara", family_name="Berg", language="sv")
    client = Client(REMOTE_ADDR=OUTSIDE_ADDRESS)
    client.force_login(user)
    client.cookies["vp_language"] = "sv"
    before = User.objects.values("password", "password_changed_at").get(pk=user.pk)
    response = client.post(
        "/konto/byt-losenord/",
        {
            "current_password": TEST_PASSWORD,
            "new_password": "Sommar2026!!",
            "new_password_repeat": "Sommar2026!!",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lösenordet är för vanligt, även med siffror och tecken tillagda." in html
    assert 'data-rule="not_common_word"' in html
    assert User.objects.values("password", "password_changed_at").get(pk=user.pk) == before
    assert not PasswordHistory.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(kind=AccountsAuditKind.PASSWORD_CHANGED).exists()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
