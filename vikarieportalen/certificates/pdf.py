"""The certificate PDFs: one helper, ``certificate_pdf``, renders every kind.

Text is real text (selectable, searchable, read aloud by screen readers) in DejaVu Sans, shipped in
``fonts/`` so Swedish letters and dashes work on any machine. The same order and facts give the
same bytes: the creation date is the release time and nothing else varies.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import qrcode
from django.conf import settings
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from vikarieportalen.accounts.rules import format_personal_identity_number
from vikarieportalen.certificates import rules
from vikarieportalen.certificates.models import CertificateKind, CertificateOrder, FurtherWork
from vikarieportalen.certificates.selectors import Facts, lost_earnings_for
from vikarieportalen.staffing.models import AreaOfWork, EmploymentForm

# fontTools logs every glyph it keeps when fpdf2 subsets a font: noise, not news.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"


@dataclass(frozen=True)
class Issue:
    """What the PDF says about its own issue: when, its code, where to check it, who signed."""

    issued_at: dt.datetime
    verification_code: str
    verification_url: str
    signed_by: str = ""  # empty: produced automatically
    preview: bool = False


# --- formatting (Swedish conventions: the certificates go to Swedish authorities) -----------------


def kr(value: Decimal) -> str:
    """``Decimal("12345.5")`` → ``12 345,50``."""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",")


def hrs(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else "–"


def month_name(month: dt.date) -> str:
    return f"{MONTHS[month.month]} {month.year}"


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@cache
def _font_paths() -> tuple[str, str]:
    return str(FONTS / "DejaVuSans.ttf"), str(FONTS / "DejaVuSans-Bold.ttf")


# --- the document ----------------------------------------------------------------------------------


class _Document(FPDF):
    def __init__(self, *, footer_text: str, preview: bool) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        regular, bold = _font_paths()
        self.add_font(FONT, "", regular)
        self.add_font(FONT, "B", bold)
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(auto=True, margin=22)
        self.footer_text = footer_text
        self.preview = preview

    def header(self) -> None:
        if self.preview:
            self.set_font(FONT, "B", 30)
            self.set_text_color(200, 200, 200)
            with self.rotation(30, x=105, y=150):
                self.text(40, 160, _("PREVIEW – NOT VALID"))
            self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-16)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(80, 80, 80)
        self.multi_cell(0, 3.5, f"{self.footer_text} · {_('Page')} {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _heading(pdf: _Document, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 6, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(120, 120, 120)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(1.5)
    pdf.set_font(FONT, "", 9.5)


def _section(pdf: _Document, heading: str, *, intro: str) -> None:
    """A heading with a short text under it that says what the table below holds."""
    _heading(pdf, heading)
    pdf.multi_cell(0, 4.5, intro, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _other_information(pdf: _Document, order: CertificateOrder) -> None:
    """HR's free text, where they wrote one."""
    if order.hr_note:
        _heading(pdf, _("Other information"))
        pdf.multi_cell(0, 5, order.hr_note, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _pairs(pdf: _Document, pairs: list[tuple[str, str]]) -> None:
    for label, value in pairs:
        if pdf.will_page_break(11):
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_font(FONT, "B", 9)
        pdf.multi_cell(60, 5, label, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        label_bottom = pdf.get_y()
        pdf.set_xy(pdf.l_margin + 62, top)
        pdf.set_font(FONT, "", 9.5)
        pdf.multi_cell(0, 5, value or "–", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(max(label_bottom, pdf.get_y()) + 0.5)


ROW_HEIGHT = 5.5


def _row(pdf: _Document, values: list[str], widths: tuple[int, ...], *, bold: bool = False) -> None:
    """One table row: plain cells when everything fits (fast), wrapped cells when something does not."""
    pdf.set_font(FONT, "B" if bold else "", 9)
    aligns = ["L", *("R" for _ in values[1:])]
    if all(pdf.get_string_width(value) <= width - 2 for value, width in zip(values, widths, strict=True)):
        for value, width, align in zip(values, widths, aligns, strict=True):
            pdf.cell(width, ROW_HEIGHT, value, align=align)
        pdf.ln(ROW_HEIGHT)
    else:
        top, x, bottom = pdf.get_y(), pdf.l_margin, pdf.get_y()
        for value, width, align in zip(values, widths, aligns, strict=True):
            pdf.set_xy(x, top)
            pdf.multi_cell(width, 4.6, value, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            bottom, x = max(bottom, pdf.get_y()), x + width
        pdf.set_y(bottom + 0.5)
    pdf.set_draw_color(150, 150, 150)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + sum(widths), pdf.get_y())


def _table(
    pdf: _Document, head: list[str], rows: list[list[str]], widths: tuple[int, ...], *, total: bool = False
) -> None:
    """A table with its head repeated on each page; ``total``: the last row is a sum, in bold."""
    _row(pdf, head, widths, bold=True)
    for index, values in enumerate(rows):
        if pdf.will_page_break(ROW_HEIGHT * 2):
            pdf.add_page()
            _row(pdf, head, widths, bold=True)
        _row(pdf, values, widths, bold=total and index == len(rows) - 1)
    pdf.set_font(FONT, "", 9.5)


def _title(kind: str) -> str:
    return {
        CertificateKind.EMPLOYER: _("Employer certificate"),
        CertificateKind.SERVICE: _("Certificate of service"),
        CertificateKind.LOST_EARNINGS: _("Certificate of lost earnings"),
        CertificateKind.ANNUAL_INCOME: _("Annual income statement"),
    }[CertificateKind(kind)]


def _top(pdf: _Document, order: CertificateOrder, issue: Issue) -> None:
    pdf.set_font(FONT, "B", 16)
    pdf.cell(110, 8, settings.MUNICIPALITY_NAME)
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 8, _title(order.kind), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9)
    issuer = settings.CERTIFICATE_ISSUER_NAME
    if settings.CERTIFICATE_ISSUER_PHONE:
        issuer = f"{issuer} · {_('phone')} {settings.CERTIFICATE_ISSUER_PHONE}"
    pdf.cell(110, 5, issuer)
    pdf.cell(
        0, 5, f"{_('Certificate number')}: {order.number}", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    org = settings.CERTIFICATE_EMPLOYER_ORG_NUMBER
    pdf.cell(110, 5, f"{_('Organisation number')}: {org}" if org else "")
    issued = timezone.localtime(issue.issued_at).date()
    pdf.cell(0, 5, f"{_('Issued')}: {day(issued)}", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.set_line_width(0.2)
    pdf.ln(3)


def _person(pdf: _Document, order: CertificateOrder) -> None:
    substitute = order.substitute
    _heading(pdf, _("Personal details"))
    pairs = [
        (_("Name"), substitute.get_full_name()),
        (
            _("Personal identity number"),
            format_personal_identity_number(substitute.personal_identity_number or ""),
        ),
    ]
    if substitute.employee_number:
        pairs.append((_("Employee number"), substitute.employee_number))
    _pairs(pdf, pairs)


def _employment(pdf: _Document, employment: rules.Employment, order: CertificateOrder) -> None:
    _heading(pdf, _("Employment"))
    las_forms = ", ".join(_label(EmploymentForm, form) for form in employment.employment_forms)
    positions = ", ".join(
        _("Hourly substitute, %(area)s") % {"area": _label(AreaOfWork, area).lower()}
        for area in employment.areas
    )
    _pairs(
        pdf,
        [
            (_("Period of this certificate"), f"{day(order.period_from)} – {day(order.period_to)}"),
            (_("Employed"), f"{day(employment.first_day)} – {day(employment.last_day)}"),
            (_("Form of employment"), _("Hourly employment, varying working time (varierande arbetstid)")),
            (_("Fixed-term form (LAS)"), las_forms),
            (_("Position"), positions),
            (_("Workplaces"), ", ".join(place.workplace for place in employment.places)),
        ],
    )


def _employer_body(pdf: _Document, order: CertificateOrder, facts: Facts) -> None:
    assert order.period_from is not None and order.period_to is not None  # noqa: S101 - orders have one
    employment = rules.employment_summary(work=facts.work, start=order.period_from, end=order.period_to)
    _employment(pdf, employment, order)
    rows = rules.month_rows(
        lines=facts.lines,
        work=facts.work,
        start=order.period_from,
        end=order.period_to,
        overtime_codes=settings.CERTIFICATE_OVERTIME_TIME_CODES,
    )
    _section(
        pdf,
        _("Hours and pay per calendar month"),
        intro=_(
            "Approved hours only, no averages. Overtime and additional hours are included in hours "
            "worked. Absence: booked hours reported as not worked. Gross pay includes supplements."
        ),
    )
    body = [
        [
            month_name(r.month),
            hrs(r.worked_hours),
            hrs(r.absence_hours),
            hrs(r.overtime_hours),
            kr(r.gross_pay),
        ]
        for r in rows
    ]
    total = [
        _("Total"),
        hrs(rules.hours(sum(r.worked_minutes for r in rows))),
        hrs(rules.hours(sum(r.absence_minutes for r in rows))),
        hrs(rules.hours(sum(r.overtime_minutes for r in rows))),
        kr(sum((r.gross_pay for r in rows), rules.ZERO)),
    ]
    head = [_("Month"), _("Hours worked"), _("Absence, h"), _("Overtime/additional, h"), _("Gross pay, SEK")]
    _table(pdf, head, [*body, total], (40, 30, 30, 38, 36), total=True)
    _heading(pdf, _("Filled in by HR"))
    _pairs(
        pdf,
        [
            (_("Reason the employment ended"), order.end_reason),
            (
                _("Further work offered"),
                _label(FurtherWork, order.further_work) if order.further_work else "",
            ),
            (_("Other information"), order.hr_note),
        ],
    )


def _service_body(pdf: _Document, order: CertificateOrder, facts: Facts) -> None:
    assert order.period_from is not None and order.period_to is not None  # noqa: S101 - orders have one
    employment = rules.employment_summary(work=facts.work, start=order.period_from, end=order.period_to)
    _employment(pdf, employment, order)
    _pairs(
        pdf,
        [
            (_("Days worked"), str(employment.days_worked)),
            (_("Hours worked"), hrs(employment.worked_hours)),
        ],
    )
    _heading(pdf, _("Workplaces"))
    rows = [
        [
            place.workplace,
            f"{day(place.first_day)} – {day(place.last_day)}",
            str(place.days),
            hrs(place.worked_hours),
        ]
        for place in employment.places
    ]
    _table(pdf, [_("Workplace"), _("Period"), _("Days"), _("Hours")], rows, (66, 54, 20, 34))
    _other_information(pdf, order)


def _lost_body(pdf: _Document, order: CertificateOrder, facts: Facts) -> None:
    lost = lost_earnings_for(order, facts)
    _section(
        pdf,
        _("Lost working hours"),
        intro=_(
            "Hours booked on the given dates that were not worked, at the hourly wage valid on each date."
        ),
    )
    rows = [[day(item.day), hrs(item.lost_hours), kr(item.wage), kr(item.pay)] for item in lost.days]
    rows.append([_("Total"), hrs(lost.lost_hours), "", kr(lost.gross)])
    _table(
        pdf,
        [_("Date"), _("Hours lost"), _("Hourly wage, SEK"), _("Lost pay, SEK")],
        rows,
        (50, 40, 42, 42),
        total=True,
    )
    _heading(pdf, _("Lost earnings"))
    _pairs(
        pdf,
        [
            (_("Lost pay"), f"{kr(lost.gross)} kr"),
            (
                _("Deduction (%(percent)s %%)") % {"percent": hrs(lost.deduction_percent)},
                f"−{kr(lost.deduction)} kr",
            ),
            (
                _("Holiday pay (%(percent)s %%)") % {"percent": hrs(lost.holiday_pay_percent)},
                f"{kr(lost.holiday_pay)} kr",
            ),
            (_("Lost earnings in total"), f"{kr(lost.total)} kr"),
        ],
    )
    _other_information(pdf, order)


def _annual_body(pdf: _Document, order: CertificateOrder, facts: Facts) -> None:
    assert order.period_from is not None and order.period_to is not None  # noqa: S101 - orders have one
    years = rules.annual_income(
        lines=facts.lines, first_year=order.period_from.year, last_year=order.period_to.year
    )
    _section(
        pdf,
        _("Gross income per year"),
        intro=_(
            "Gross pay before tax for approved hours, supplements included, by the date the work was done."
        ),
    )
    rows = [[str(row.year), hrs(row.worked_hours), kr(row.gross_pay)] for row in years]
    _table(pdf, [_("Year"), _("Hours worked"), _("Gross income, SEK")], rows, (60, 50, 64))


def _purpose(pdf: _Document, order: CertificateOrder) -> None:
    if order.purpose or order.recipient:
        _pairs(pdf, [(_("Purpose"), order.purpose), (_("Recipient"), order.recipient)])


def _sign_and_verify(pdf: _Document, order: CertificateOrder, issue: Issue) -> None:
    _heading(pdf, _("Issued by"))
    if issue.signed_by:
        signed = _("Signed by %(name)s, %(issuer)s, %(municipality)s") % {
            "name": issue.signed_by,
            "issuer": settings.CERTIFICATE_ISSUER_NAME,
            "municipality": settings.MUNICIPALITY_NAME,
        }
    else:
        signed = _(
            "Produced automatically by %(municipality)s from approved hours and pay data; "
            "valid without signature."
        ) % {"municipality": settings.MUNICIPALITY_NAME}
    pdf.multi_cell(0, 5, signed, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if pdf.will_page_break(40):
        pdf.add_page()
    pdf.ln(3)
    top = pdf.get_y()
    if not issue.preview:
        image = qrcode.make(issue.verification_url, border=1, box_size=4).get_image()
        pdf.image(image, x=pdf.w - pdf.r_margin - 30, y=top, w=30, h=30, alt_text=_("Verification address"))
    pdf.set_font(FONT, "B", 9.5)
    pdf.multi_cell(
        130, 5, _("Check that this certificate is genuine"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_font(FONT, "", 9)
    if issue.preview:
        pdf.multi_cell(
            130, 4.5, _("A preview has no verification code."), new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
    else:
        address = issue.verification_url.split("?", 1)[0]
        for line in (
            f"{_('Address')}: {address}",
            f"{_('Certificate number')}: {order.number}",
            f"{_('Verification code')}: {issue.verification_code}",
        ):
            pdf.multi_cell(130, 4.8, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.multi_cell(
            130,
            4.5,
            _(
                "Enter the number and the code at the address, or scan the QR code. The page shows "
                "whether the certificate was issued by us and whether this file is unchanged."
            ),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.set_y(max(pdf.get_y(), top + 32))


BODIES = {
    CertificateKind.EMPLOYER: _employer_body,
    CertificateKind.SERVICE: _service_body,
    CertificateKind.LOST_EARNINGS: _lost_body,
    CertificateKind.ANNUAL_INCOME: _annual_body,
}


def certificate_pdf(*, order: CertificateOrder, facts: Facts, issue: Issue) -> bytes:
    """The PDF of ``order``, in the portal's default language (Swedish), made from ``facts``."""
    with translation.override(settings.LANGUAGE_CODE):
        footer = f"{settings.MUNICIPALITY_NAME} · {_title(order.kind)} {order.number}"
        if not issue.preview:
            footer += f" · {_('Verification code')} {issue.verification_code}"
        pdf = _Document(footer_text=footer, preview=issue.preview)
        pdf.set_creation_date(issue.issued_at)
        pdf.set_lang(settings.LANGUAGE_CODE)
        pdf.set_title(f"{_title(order.kind)} {order.number}")
        pdf.set_author(f"{settings.MUNICIPALITY_NAME}, {settings.CERTIFICATE_ISSUER_NAME}")
        pdf.set_creator("Vikarieportalen")
        pdf.alias_nb_pages()
        pdf.add_page()
        _top(pdf, order, issue)
        _person(pdf, order)
        _purpose(pdf, order)
        BODIES[CertificateKind(order.kind)](pdf, order, facts)
        _sign_and_verify(pdf, order, issue)
        return bytes(pdf.output())
