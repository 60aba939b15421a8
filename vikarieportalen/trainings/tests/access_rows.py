"""Access rows for the trainings: course pages like other intranet pages; the overview for
substitutes; the follow-up for the staffing centre, HR and administrators; completing only by
substitutes (POST)."""

from __future__ import annotations

from vikarieportalen.testing import LOGIN, access_table
from vikarieportalen.trainings.tests.factories import CoursePageFactory, training_index

L = LOGIN


def _course() -> None:
    CoursePageFactory(title="Brandskydd och utrymning", slug="brandskydd-och-utrymning")


# fmt: off
ROWS = access_table([
    # url                                   out  in   forged proxy subst mgr  staff pay  hr   editor admin
    ("/utbildning/mina/",                   L,   L,   L,    L,    200,  403, 403,  403, 403, 403,   200),
    ("/utbildning/uppfoljning/",            L,   L,   L,    L,    403,  403, 200,  403, 200, 403,   200),
    ("/utbildning/kurser/999999/slutfor/",  405, 405, 405,  405,  405,  405, 405,  405, 405, 405,   405),
]) + access_table([
    ("/utbildning/kurser/999999/slutfor/",  L,   L,   L,    L,    404,  403, 403,  403, 403, 403,   403),
], method="post") + access_table([
    ("/introduktionsutbildningar/",         L,   200, L,    200,  200,  200, 200,  200, 200, 200,   200),
], setup=training_index) + access_table([
    ("/introduktionsutbildningar/brandskydd-och-utrymning/",
                                            L,   200, L,    200,  200,  200, 200,  200, 200, 200,   200),
], setup=_course)
# fmt: on
