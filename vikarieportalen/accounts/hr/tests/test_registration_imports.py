"""The HR export parser: pure, no database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from vikarieportalen.accounts.hr.imports import (
    ImportFileError,
    birth_date_parse,
    substitute_record_parse,
    substitutes_csv_parse,
)

TODAY = dt.date(2026, 11, 28)
HEADER = "employee_number,preferred_given_name,family_name,date_of_birth,mobile,email"


@pytest.fixture(autouse=True)
def english() -> object:
    with translation.override("en"):
        yield


def parse(text: str, **kwargs: object) -> list:
    return substitutes_csv_parse(text.encode("utf-8"), today=TODAY, **kwargs).rows  # type: ignore[arg-type]


def test_comma_separated_file_gives_records() -> None:
    rows = parse(f"{HEADER}\n100231,Sara,Johansson,1998-04-04,070-123 45 67,sara@example.se\n")
    assert len(rows) == 1
    record = rows[0].record
    assert record is not None
    assert rows[0].line == 2
    assert record.employee_number == "100231"
    assert record.date_of_birth == dt.date(1998, 4, 4)
    assert record.mobile == "+46701234567"
    assert record.email == "sara@example.se"


def test_semicolons_and_bom_as_swedish_excel_writes_them() -> None:
    data = "\ufeff" + HEADER.replace(",", ";") + "\r\n100231;Åsa;Öberg;19980404;0701234567;\r\n"
    rows = substitutes_csv_parse(data.encode("utf-8"), today=TODAY).rows
    record = rows[0].record
    assert record is not None
    assert (record.preferred_given_name, record.family_name) == ("Åsa", "Öberg")
    assert record.date_of_birth == dt.date(1998, 4, 4)
    assert record.email == ""


def test_quoted_fields_keep_separators_and_line_breaks() -> None:
    text = (
        f"{HEADER}\n"
        '"100231","Ann-Sofie","von Essen, d.ä.","1998-04-04","+46 70 123 45 67","a@example.se"\n'
        '100232,"Märta","Ström\nLindqvist",2001-12-31,0701234568,\n'
        "100233,Jörgen,Ek,2000-01-01,0701234569,\n"
    )
    rows = parse(text)
    assert [row.line for row in rows] == [2, 3, 5]
    assert rows[0].record is not None and rows[0].record.family_name == "von Essen, d.ä."
    assert rows[1].record is not None and rows[1].record.family_name == "Ström Lindqvist"
    assert rows[2].record is not None


def test_columns_in_another_order_and_extra_columns() -> None:
    text = (
        "email;mobile;family_name;preferred_given_name;employee_number;date_of_birth;department\n"
        ";0701234567;Ek;Eva;7;1990-02-03;Vård\n"
    )
    rows = parse(text)
    assert rows[0].record is not None and rows[0].record.preferred_given_name == "Eva"


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("1,Sara,Johansson,1998-13-04,0701234567,", "is not a date that exists"),
        ("1,Sara,Johansson,04/04/1998,0701234567,", "YYYY-MM-DD"),
        ("1,Sara,Johansson,2030-01-01,0701234567,", "cannot be right"),
        ("1,Sara,Johansson,1998-04-04,0550-858 89,", "not a mobile number"),
        ("1,Sara,Johansson,1998-04-04,12345,", "not a valid phone number"),
        ("1,Sara,Johansson,1998-04-04,,", "mobile number is missing"),
        ("1,,Johansson,1998-04-04,0701234567,", "preferred given name is missing"),
        ("1,Sara,,1998-04-04,0701234567,", "family name is missing"),
        ("1,Sara,123,1998-04-04,0701234567,", "has no letters"),
        (",Sara,Johansson,1998-04-04,0701234567,", "employee number is missing"),
        ("1,Sara,Johansson,1998-04-04,0701234567,not-an-address", "is not an e-mail address"),
        ("1,Sara,Johansson,1998-04-04", "4 columns; the header has 6"),
    ],
)
def test_bad_rows_are_refused_with_the_reason(cells: str, message: str) -> None:
    rows = parse(f"{HEADER}\n{cells}\n2,Eva,Ek,1990-02-03,0701234568,\n")
    assert rows[0].record is None
    assert any(message in error for error in rows[0].errors), rows[0].errors
    assert rows[1].record is not None  # one bad row does not spoil the others


def test_every_row_with_a_duplicate_employee_number_is_refused() -> None:
    rows = parse(
        f"{HEADER}\n"
        "A1,Sara,Johansson,1998-04-04,0701234567,\n"
        "B2,Eva,Ek,1990-02-03,0701234568,\n"
        "a1,Sara,Johanson,1998-04-04,0701234567,\n"
    )
    assert rows[1].record is not None
    for row in (rows[0], rows[2]):
        assert row.record is None
        assert "appears on more than one line (2, 4)" in row.errors[-1]


def test_blank_lines_are_skipped_but_line_numbers_stay_true() -> None:
    rows = parse(f"\n{HEADER}\n\n1,Sara,Johansson,1998-04-04,0701234567,\n")
    assert [row.line for row in rows] == [4]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV file"),
        ("employee_number;namn\n1;Åsa\n".encode("cp1252"), "not in UTF-8"),
        (b"   \n\n", "empty"),
        (b"employee_number,family_name\n1,Ek\n", "lacks the column(s) preferred_given_name, date_of_birth"),
        (HEADER.encode() + b"\n", "no substitutes"),
        ((HEADER + ",email").encode() + b"\n1,a,b,1990-01-01,0701234567,,\n", "appears twice"),
    ],
)
def test_unusable_files_are_refused_as_a_whole(data: bytes, message: str) -> None:
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        substitutes_csv_parse(data, today=TODAY)


def test_too_many_rows_and_too_many_bytes() -> None:
    body = "".join(f"{n},Sara,Johansson,1998-04-04,0701234567,\n" for n in range(4))
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        parse(f"{HEADER}\n{body}", max_rows=3)
    with pytest.raises(ImportFileError, match="larger than"):
        parse(f"{HEADER}\n{body}", max_bytes=50)


def test_unterminated_quote_is_a_file_error_or_a_refused_row() -> None:
    # csv reads an unterminated quote to the end of the file: the row then has too few columns.
    rows = parse(f'{HEADER}\n1,"Sara,Johansson,1998-04-04,0701234567,\n')
    assert rows[0].record is None


@pytest.mark.parametrize("text", ["1998-04-04", "19980404", " 1998-04-04 "])
def test_birth_date_formats(text: str) -> None:
    assert birth_date_parse(text, today=TODAY) == dt.date(1998, 4, 4)


@pytest.mark.parametrize("text", ["1998-W14-6", "98-04-04", "1899-12-31", "2026-11-29", "1998-02-30"])
def test_birth_dates_refused(text: str) -> None:
    record, errors = substitute_record_parse(
        {
            "employee_number": "1",
            "preferred_given_name": "Sara",
            "family_name": "Johansson",
            "date_of_birth": text,
            "mobile": "0701234567",
        },
        today=TODAY,
    )
    assert record is None and "date_of_birth" in errors
