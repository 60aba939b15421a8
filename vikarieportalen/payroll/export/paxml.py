"""The PAXml 2.0 file of an export: the header and one ``<tidtrans>`` per time transaction.

Written as a stream (lxml's ``xmlfile``) so a month for thousands of substitutes never sits in
memory as a tree. The same lines in the same order give the same bytes.

How a line is written (PAXml 2.0, *Tidtransaktioner*, note T: "if start and end are given, give
neither hours nor extent, since the time is the time between them"):

- a line whose minutes are exactly end − start (supplement lines, shifts without a break):
  ``tidkod``, ``datum``, ``starttid``, ``sluttid``;
- a line with a break taken out (the ordinary line of most shifts): ``tidkod``, ``datum``,
  ``timmar`` (two decimals) and, for people reading the file, the local times in ``info``.

The cost centre goes in ``resenheter`` on dimension 1 (*Kostnadsställe*), as the standard suggests.
"""

from __future__ import annotations

import io
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from lxml import etree

from vikarieportalen.payroll.export.rules import hours_from_minutes, is_whole_interval, local_iso
from vikarieportalen.payroll.export.types import ExportLine

XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = "http://www.paxml.se/2.0/paxml.xsd"
COST_CENTRE_DIMENSION = "1"


@dataclass(frozen=True)
class PaxmlHeader:
    created: str  # local ISO date-time of the export
    batch_number: int
    employer_name: str = ""
    organisation_number: str = ""


def _text_element(tag: str, text: str, **attrib: str) -> Any:
    element = etree.Element(tag, attrib)
    element.text = text
    return element


class PaxmlWriter:
    """``add()`` each line in order, then ``finish()`` for the file's bytes (UTF-8)."""

    def __init__(self, *, header: PaxmlHeader) -> None:
        self._out = io.BytesIO()
        self._stack = ExitStack()
        self._xf = self._stack.enter_context(etree.xmlfile(self._out, encoding="UTF-8"))
        self._xf.write_declaration()
        root = self._xf.element(
            "paxml", nsmap={"xsi": XSI}, attrib={f"{{{XSI}}}noNamespaceSchemaLocation": SCHEMA_LOCATION}
        )
        self._stack.enter_context(root)
        self._block(self._header(header))
        dimensions = etree.Element("dimensioner")
        etree.SubElement(dimensions, "dimension", dim=COST_CENTRE_DIMENSION, namn="Kostnadsställe")
        self._block(dimensions)
        self._xf.write("\n  ")
        self._lines = ExitStack()
        self._lines.enter_context(self._xf.element("tidtransaktioner"))
        self.count = 0

    @staticmethod
    def _header(header: PaxmlHeader) -> Any:
        element = etree.Element("header")
        element.append(_text_element("format", "LÖNIN"))
        element.append(_text_element("version", "2.0"))
        element.append(_text_element("datum", header.created))
        if header.organisation_number:
            element.append(_text_element("foretagorgnr", header.organisation_number))
        if header.employer_name:
            element.append(_text_element("foretagnamn", header.employer_name))
        element.append(_text_element("programnamn", "Vikarieportalen"))
        element.append(_text_element("info", f"Exportomgång {header.batch_number}"))
        return element

    def _block(self, element: Any, level: int = 1) -> None:
        etree.indent(element, space="  ", level=level)
        self._xf.write("\n" + "  " * level)
        self._xf.write(element)

    def add(self, line: ExportLine) -> None:
        trans = etree.Element("tidtrans", postid=str(line.pk), anstid=line.employee_number)
        trans.append(_text_element("tidkod", line.paxml_time_code))
        trans.append(_text_element("datum", line.day.isoformat()))
        if is_whole_interval(starts_at=line.starts_at, ends_at=line.ends_at, minutes=line.minutes):
            trans.append(_text_element("starttid", local_iso(line.starts_at)))
            trans.append(_text_element("sluttid", local_iso(line.ends_at)))
        else:
            trans.append(_text_element("timmar", str(hours_from_minutes(line.minutes))))
        if line.cost_centre:
            units = etree.SubElement(trans, "resenheter")
            etree.SubElement(units, "resenhet", dim=COST_CENTRE_DIMENSION, id=line.cost_centre)
        if not is_whole_interval(starts_at=line.starts_at, ends_at=line.ends_at, minutes=line.minutes):
            start, end = local_iso(line.starts_at), local_iso(line.ends_at)
            trans.append(_text_element("info", f"{start[11:16]}-{end[11:16]}"))
        self._block(trans, level=2)
        self.count += 1

    def finish(self) -> bytes:
        self._xf.write("\n  ")
        self._lines.close()
        self._xf.write("\n")
        self._stack.close()
        self._out.write(b"\n")
        return self._out.getvalue()
