"""The one CSV download helper: Excel's separator and byte order mark, and no formulas."""

from __future__ import annotations

import pytest

from vikarieportalen.core.web.csv_export import csv_download, csv_lines, csv_safe


@pytest.mark.parametrize("text", ["=1+1", "+46", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_gets_a_quote(text: str) -> None:
    assert csv_safe(text) == f"'{text}"


@pytest.mark.parametrize(("value", "cell"), [(None, ""), ("Anna", "Anna"), (12, "12"), ("a=b", "a=b")])
def test_other_cells_are_kept_as_text(value: object, cell: str) -> None:
    assert csv_safe(value) == cell


def test_lines_have_semicolons_and_one_byte_order_mark_before_the_header() -> None:
    lines = list(csv_lines(["Namn", "Kurs"], [["Anna; Berg", 1], ["Bo", ""]]))
    assert lines == ["\ufeffNamn;Kurs\r\n", '"Anna; Berg";1\r\n', "Bo;\r\n"]


def test_the_download_is_an_attachment_with_its_name() -> None:
    response = csv_download(["A"], [["1"]], filename="lista.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lista.csv"'
    assert response.getvalue().decode() == "\ufeffA\r\n1\r\n"
