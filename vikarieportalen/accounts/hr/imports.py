"""Reading the HR system's export of substitutes: a pure parser, no database.

The HR system exports CSV with the columns ``employee_number, preferred_given_name, family_name,
date_of_birth, mobile, email`` (and optionally ``given_names``) under a header row; UTF-8 with or
without a byte-order mark; separated by commas or, as Swedish Excel writes it, semicolons.
``substitutes_csv_parse`` turns the bytes into one ``ParsedRow`` per data row: a valid
``SubstituteRecord`` or the reasons the row is refused. The service in ``registration.py`` applies it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from vikarieportalen.notifications.phone import normalize_mobile_number

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
REQUIRED_COLUMNS = (
    "employee_number",
    "preferred_given_name",
    "family_name",
    "date_of_birth",
    "mobile",
    "email",
)
OPTIONAL_COLUMNS = ("given_names",)
EMPLOYEE_NUMBER_MAX_LENGTH = 20
NAME_MAX_LENGTH = 150
_EMPLOYEE_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/.]*$")
_DATE_DASHED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)


class ImportFileError(ValueError):
    """The file as a whole cannot be read: nothing in it is imported."""


@dataclass(frozen=True)
class SubstituteRecord:
    employee_number: str
    preferred_given_name: str
    family_name: str
    date_of_birth: dt.date
    mobile: str  # E.164
    email: str
    given_names: str = ""


@dataclass(frozen=True)
class ParsedRow:
    line: int  # the line in the file where the row starts (the header is line 1)
    record: SubstituteRecord | None
    errors: tuple[str, ...] = ()
    employee_number: str = ""  # as written, for the result list even when the row is refused
    name: str = ""


@dataclass(frozen=True)
class ParsedFile:
    rows: list[ParsedRow] = field(default_factory=list)

    @property
    def valid_count(self) -> int:
        return sum(1 for row in self.rows if row.record is not None)


def birth_date_parse(text: str, *, today: dt.date) -> dt.date:
    """YYYY-MM-DD or YYYYMMDD, a real date, not in the future and not before 1900."""
    text = text.strip()
    match = _DATE_DASHED.match(text) or _DATE_COMPACT.match(text)
    if match is None:
        raise ValidationError(
            _("Write the date of birth as YYYY-MM-DD, for example 1998-04-04."), code="date_format"
        )
    try:
        date = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise ValidationError(
            _("%(text)s is not a date that exists.") % {"text": text}, code="date_invalid"
        ) from exc
    if date > today or date < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            _("The date of birth %(text)s cannot be right.") % {"text": text}, code="date_range"
        )
    return date


def _employee_number_problems(employee_number: str) -> list[str]:
    if not employee_number:
        return [_("The employee number is missing.")]
    if len(employee_number) > EMPLOYEE_NUMBER_MAX_LENGTH or not _EMPLOYEE_NUMBER.match(employee_number):
        return [_("The employee number may have at most 20 letters, digits and - _ / .")]
    return []


def _name_problems(name: str, *, missing: str) -> list[str]:
    if not name:
        return [missing]
    if len(name) > NAME_MAX_LENGTH:
        return [_("The name is longer than 150 characters.")]
    if not any(char.isalpha() for char in name):
        return [_("The name has no letters.")]
    return []


def _birth_date_read(text: str, *, today: dt.date) -> tuple[dt.date | None, list[str]]:
    if not text:
        return None, [_("The date of birth is missing.")]
    try:
        return birth_date_parse(text, today=today), []
    except ValidationError as exc:
        return None, exc.messages


def _mobile_read(text: str) -> tuple[str, list[str]]:
    if not text:
        return "", [_("The mobile number is missing: the activation link is sent by SMS.")]
    try:
        return normalize_mobile_number(text), []
    except ValidationError as exc:
        return "", exc.messages


def _email_problems(email: str) -> list[str]:
    if not email:
        return []
    try:
        validate_email(email)
    except ValidationError:
        return [_("%(text)s is not an e-mail address.") % {"text": email[:100]}]
    return []


def substitute_record_parse(
    values: Mapping[str, str], *, today: dt.date
) -> tuple[SubstituteRecord | None, dict[str, list[str]]]:
    """Validate one substitute's details; the record, or the messages per field.

    Shared by the CSV import and HR's form, so both refuse the same things with the same words.
    """

    def clean(name: str) -> str:
        return " ".join((values.get(name) or "").split())

    employee_number = clean("employee_number")
    preferred_given_name, family_name = clean("preferred_given_name"), clean("family_name")
    given_names = clean("given_names")
    date_of_birth, date_problems = _birth_date_read(clean("date_of_birth"), today=today)
    mobile, mobile_problems = _mobile_read(clean("mobile"))
    email = clean("email").replace(" ", "")
    problems = {  # in the order the fields are shown
        "employee_number": _employee_number_problems(employee_number),
        "preferred_given_name": _name_problems(
            preferred_given_name, missing=_("The preferred given name is missing.")
        ),
        "family_name": _name_problems(family_name, missing=_("The family name is missing.")),
        "given_names": (
            [_("The name is longer than 150 characters.")] if len(given_names) > NAME_MAX_LENGTH else []
        ),
        "date_of_birth": date_problems,
        "mobile": mobile_problems,
        "email": _email_problems(email),
    }
    errors = {field_name: messages for field_name, messages in problems.items() if messages}
    if errors or date_of_birth is None:
        return None, errors
    return (
        SubstituteRecord(
            employee_number=employee_number,
            preferred_given_name=preferred_given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            mobile=mobile,
            email=email,
            given_names=given_names,
        ),
        {},
    )


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise ImportFileError(
            _("This is not a CSV file. Export the list from the HR system as CSV (UTF-8) and try again.")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("The file is not in UTF-8. In Excel, save it as “CSV UTF-8 (comma delimited)” and try again.")
        ) from exc


def _delimiter(header_line: str) -> str:
    """Swedish Excel separates with semicolons, most other programs with commas."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _rows_read(text: str, *, max_rows: int) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """The header (lower case, spaces as underscores) and the data rows with the line each starts
    on; blank lines are skipped."""
    header_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line))
    header: list[str] | None = None
    raw_rows: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                start = reader.line_num + 1
                continue
            if header is None:
                header = [cell.strip().lower().replace(" ", "_") for cell in cells]
            else:
                raw_rows.append((start, cells))
                if len(raw_rows) > max_rows:
                    raise ImportFileError(
                        _("The file has more than %(max)s rows. Split it into smaller files.")
                        % {"max": max_rows}
                    )
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(
            _("The file could not be read as CSV near line %(line)s: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from exc
    return header, raw_rows


def _header_check(header: list[str]) -> None:
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportFileError(
            _("The header row lacks the column(s) %(missing)s. The first row must name the columns: %(all)s.")
            % {"missing": ", ".join(missing), "all": ", ".join(REQUIRED_COLUMNS)}
        )
    if len(set(header)) != len(header):
        raise ImportFileError(_("A column appears twice in the header row."))


def _row_parse(line: int, cells: list[str], *, header: list[str], today: dt.date) -> ParsedRow:
    values = dict(zip(header, (cell.strip() for cell in cells), strict=False))
    employee_number = " ".join(values.get("employee_number", "").split())
    name = " ".join(
        part for part in (values.get("preferred_given_name", ""), values.get("family_name", "")) if part
    )
    if len(cells) != len(header):
        return ParsedRow(
            line=line,
            record=None,
            errors=(
                _("The row has %(found)s columns; the header has %(expected)s.")
                % {"found": len(cells), "expected": len(header)},
            ),
            employee_number=employee_number,
            name=name,
        )
    record, errors = substitute_record_parse(values, today=today)
    messages = tuple(message for field_messages in errors.values() for message in field_messages)
    return ParsedRow(line=line, record=record, errors=messages, employee_number=employee_number, name=name)


def substitutes_csv_parse(
    data: bytes, *, today: dt.date, max_rows: int = MAX_ROWS, max_bytes: int = MAX_FILE_BYTES
) -> ParsedFile:
    """Parse the HR export. Raises ImportFileError when the file as a whole cannot be used."""
    if len(data) > max_bytes:
        raise ImportFileError(
            _("The file is larger than %(size)s MB. Split it into smaller files.")
            % {"size": max_bytes // (1024 * 1024) or 1}
        )
    text = _decode(data)
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    header, raw_rows = _rows_read(text, max_rows=max_rows)
    if header is None:  # pragma: no cover - the text is not blank, so some row had a cell
        raise ImportFileError(_("The file is empty."))
    _header_check(header)
    if not raw_rows:
        raise ImportFileError(_("The file has a header row but no substitutes."))
    rows = [_row_parse(line, cells, header=header, today=today) for line, cells in raw_rows]
    return ParsedFile(rows=_refuse_duplicates(rows))


def _refuse_duplicates(rows: list[ParsedRow]) -> list[ParsedRow]:
    """Two rows with one employee number: we cannot tell which is right, so both are refused."""
    lines_by_number: dict[str, list[int]] = {}
    for row in rows:
        if row.employee_number:
            lines_by_number.setdefault(row.employee_number.upper(), []).append(row.line)
    result: list[ParsedRow] = []
    for row in rows:
        lines = lines_by_number.get(row.employee_number.upper(), [])
        if len(lines) > 1:
            message = _("The employee number %(number)s appears on more than one line (%(lines)s).") % {
                "number": row.employee_number,
                "lines": ", ".join(str(line) for line in lines),
            }
            row = ParsedRow(
                line=row.line,
                record=None,
                errors=(*row.errors, message),
                employee_number=row.employee_number,
                name=row.name,
            )
        result.append(row)
    return result
