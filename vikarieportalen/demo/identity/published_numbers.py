"""Skatteverket's published test personal identity numbers (testpersonnummer) for demo people.

Skatteverket publishes, as open data, personal identity numbers that are never given to anyone, for
testing systems like this one: the data set "Testpersonnummer" (skatteverket.entryscape.net, linked
from skatteverket.se, "Allt du behöver veta om testpersonnummer"). These few were taken from it
through the copy of the whole list that the ActiveLogin.Identity project keeps
(src/ActiveLogin.Identity.Swedish.TestData/AllPins.fs at commit 1d7b915, April 2026).

The list has numbers for only some birth dates before 1990, and a demo person's username is made
from the year and day of their birth, which the README and the tests name. So the demo people who
carry one are those for whom the list has a number in their year on their day of the month (their
month was moved to match): one per role, except the administrator. Everyone else keeps a number of
the documented form only (``municipality.demo_personal_identity_number``).
"""

from __future__ import annotations

import datetime as dt

PUBLISHED_TEST_NUMBERS = (
    "199804042399",  # Sara Johansson, substitute
    "198202029289",  # Mikael Strand, staffing centre
    "199001272385",  # Nadia Rahimi, staffing centre
    "198512089882",  # Jonas Berglund, payroll
    "197902199285",  # Helena Åberg, HR
    "198804112392",  # Karin Västlund, editor
    "198105169281",  # Ahmed Yousef, workplace manager
    "198602179882",  # Tove Ågren, workplace manager
)

# Also published and given to nobody in the demo: the demo e-ID offers it, to show what happens when
# someone with a valid e-ID has no account in the portal.
PERSON_WITHOUT_ACCOUNT = "199201012383"


def published_number_born_on(born: dt.date) -> str | None:
    """The published test number a demo person born on ``born`` carries, if the demo has one."""
    prefix = f"{born:%Y%m%d}"
    return next((pin for pin in PUBLISHED_TEST_NUMBERS if pin.startswith(prefix)), None)
