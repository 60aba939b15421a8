"""The username rule: pure functions, no database."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vikarieportalen.accounts.rules import (
    fold_to_latin,
    username_for,
    username_variant,
)

SEED_BIRTH_DATE = dt.date(1998, 4, 4)


def test_seed_example_sara_johansson_is_josa9804() -> None:
    assert username_for("Sara", "Johansson", SEED_BIRTH_DATE) == "JOSA9804"


def test_username_uses_family_given_year_and_day_not_month() -> None:
    assert username_for("Anna", "Ekholm", dt.date(1972, 11, 21)) == "EKAA7221"


@pytest.mark.parametrize(
    ("given", "family", "expected"),
    [
        pytest.param("Åsa", "Öberg", "OBAA", id="ring-and-diaeresis"),
        pytest.param("Märta", "Åkesson", "AKMA", id="a-diaeresis-in-given"),
        pytest.param("Linnéa", "Lundén", "LULA", id="acute-accent"),
        pytest.param("Zoë", "Müller", "MUZE", id="umlaut-and-diaeresis"),
        pytest.param("Björn", "Jönsson", "JOBN", id="o-diaeresis"),
        pytest.param("Søren", "Ærø", "AESN", id="letters-without-decomposition"),
        pytest.param("Ahmet", "Yılmaz", "YIAT", id="dotless-i"),
        pytest.param("Lejla", "Hodžić", "HOLA", id="caron"),
    ],
)
def test_letters_are_folded_to_a_to_z(given: str, family: str, expected: str) -> None:
    assert username_for(given, family, SEED_BIRTH_DATE) == f"{expected}9804"


def test_von_essen_gives_vo_from_the_particle() -> None:
    assert username_for("Ebba", "von Essen", SEED_BIRTH_DATE) == "VOEA9804"


@pytest.mark.parametrize(
    ("given", "family", "expected"),
    [
        pytest.param("Liam", "O'Brien", "OBLM", id="apostrophe"),
        pytest.param("Liam", "O’Brien", "OBLM", id="typographic-apostrophe"),
        pytest.param("Sara", "Al-Hassan", "ALSA", id="hyphen-in-family"),
        pytest.param("Anna-Karin", "Lind", "LIAN", id="hyphen-in-given"),
        pytest.param("Nguyen Van", "Li", "LINN", id="space-in-given"),
    ],
)
def test_hyphens_apostrophes_and_spaces_are_skipped(given: str, family: str, expected: str) -> None:
    assert username_for(given, family, SEED_BIRTH_DATE) == f"{expected}9804"


def test_one_letter_family_name_is_padded_with_x() -> None:
    assert username_for("Sara", "Ö", SEED_BIRTH_DATE) == "OXSA9804"


def test_given_name_without_latin_letters_becomes_xx() -> None:
    assert username_for("李", "Johansson", SEED_BIRTH_DATE) == "JOXX9804"


def test_family_name_without_latin_letters_becomes_xx() -> None:
    assert username_for("Sara", "王", SEED_BIRTH_DATE) == "XXSA9804"


def test_one_letter_given_name_uses_that_letter_twice() -> None:
    assert username_for("A", "Johansson", SEED_BIRTH_DATE) == "JOAA9804"


def test_empty_names_give_only_fallback_letters() -> None:
    assert username_for("", "", dt.date(2005, 12, 9)) == "XXXX0509"


def test_fold_to_latin_drops_what_has_no_latin_form() -> None:
    assert fold_to_latin("Åsa-Britt ß 李") == "ASABRITTSS"


def test_fold_to_latin_folds_capital_sharp_s() -> None:
    assert fold_to_latin("ẞ") == "SS"


USERNAME = re.compile(r"^[A-Z]{4}[0-9]{4}$")


@settings(deadline=None)  # a loaded CI machine is no bug
@given(given_name=st.text(max_size=40), family_name=st.text(max_size=40), born=st.dates())
def test_any_names_and_date_give_eight_capitals_and_digits(
    given_name: str, family_name: str, born: dt.date
) -> None:
    username = username_for(given_name, family_name, born)
    assert USERNAME.match(username), username
    assert username.endswith(f"{born.year % 100:02d}{born.day:02d}")


def test_variant_is_base_when_free() -> None:
    assert username_variant("JOSA9804", {"EKAA7221"}) == "JOSA9804"


def test_second_user_with_same_name_gets_variant_2() -> None:
    assert username_variant("JOSA9804", {"JOSA9804"}) == "JOSA9804-2"


def test_variant_skips_numbers_already_taken() -> None:
    assert username_variant("JOSA9804", {"JOSA9804", "JOSA9804-2", "JOSA9804-3"}) == "JOSA9804-4"


def test_variant_fills_the_first_gap() -> None:
    assert username_variant("JOSA9804", {"JOSA9804", "JOSA9804-3"}) == "JOSA9804-2"
