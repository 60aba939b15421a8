"""The statistics page's table rows, written in Python: three years of 300 workplaces are some
10,000 cells, and a template loop pays several lookups and tags for each (docs/statistics.md)."""

from __future__ import annotations

from django import template
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from vikarieportalen.statistics.selectors.base import Row

register = template.Library()


@register.simple_tag(takes_context=True)
def stat_rows(context: Context, rows: list[Row]) -> SafeString:
    """Each row as ``<tr>``: the first cell a row header, numbers aligned right (the page's CSS), and
    a missing figure a dash that screen readers read as "no figure". Cells are localised and escaped
    as ``{{ cell }}`` would be."""
    missing = format_html(
        '<td class="stat-table__number"><span aria-hidden="true">–</span>'
        '<span class="visually-hidden">{}</span></td>',
        _("no figure"),
    )
    rendered: dict[tuple[type, object], str] = {}  # the same figure or name comes back often

    def text(cell: object) -> str:
        key = (type(cell), cell)
        found = rendered.get(key)
        if found is None:
            found = rendered[key] = render_value_in_context(cell, context)
        return found

    parts: list[str] = []
    for row in rows:
        parts.append('<tr class="stat-table__total">' if row.is_total else "<tr>")
        for index, (cell, is_number) in enumerate(row.shown):
            if index == 0:
                parts.append(f'<th scope="row">{text(cell)}</th>')
            elif cell is None:
                parts.append(missing)
            elif is_number:
                parts.append(f'<td class="stat-table__number">{text(cell)}</td>')
            else:
                parts.append(f"<td>{text(cell)}</td>")
        parts.append("</tr>")
    return mark_safe("".join(parts))  # noqa: S308 - every cell escaped by render_value_in_context
