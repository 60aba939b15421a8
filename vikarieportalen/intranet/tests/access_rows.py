"""Access rows for intranet pages: open inside the municipal network, after login outside it."""

from __future__ import annotations

from vikarieportalen.core.testing import LOGIN, access_table

from .factories import FaqPageFactory

L = LOGIN

# fmt: off
ROWS = access_table([
    # url                       out    in     forged proxy  subst  mgr    staff  pay    hr     editor admin
    ("/",                       L,     200,   L,     200,   200,   200,   200,   200,   200,   200,   200),
]) + access_table([
    ("/fragor-och-svar/",       L,     200,   L,     200,   200,   200,   200,   200,   200,   200,   200),
], setup=FaqPageFactory)
# fmt: on
