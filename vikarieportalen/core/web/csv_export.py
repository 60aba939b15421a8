"""CSV downloads for Excel in Swedish: semicolons, a byte order mark, and no cell a spreadsheet runs
as a formula. The audit log and the training report stream theirs through ``csv_download``."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence

from django.http import StreamingHttpResponse

# A cell that begins with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})


def csv_safe(value: object) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in FORMULA_STARTS else text


class _Echo:
    """A file for ``csv.writer`` that hands back each line instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[object], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The header (after a byte order mark, so Excel reads UTF-8) and the rows, one line at a time."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)


def csv_download(
    header: Sequence[object], rows: Iterable[Sequence[object]], *, filename: str
) -> StreamingHttpResponse:
    """The lines of ``csv_lines`` streamed as an attachment named ``filename``."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
