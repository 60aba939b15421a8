"""The demo's contact cards keep the seed page's opening hours, shown exactly as that page says them."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from vikarieportalen.demo.content import CONTACTS
from vikarieportalen.intranet.templatetags.intranet_tags import opening_hours_lines
from vikarieportalen.intranet.tests.factories import ContactCardFactory

pytestmark = pytest.mark.django_db


def test_seed_hours_show_exactly_as_the_seed_page_says() -> None:
    # "Bemanningscentrum - mån-fre 6.30-16 (lunch 11.30-12.30) lör-sön 6.30-14";
    # "Lönecentrum nås även på vardagar mellan 08-12".
    cards = {name: ContactCardFactory(name=name, hours=hours) for name, *_rest, hours in CONTACTS if hours}
    with translation.override("sv"):
        staffing = opening_hours_lines(cards["Bemanningscentrum"])
        payroll = opening_hours_lines(cards["Lönecentrum"])
        lunch = gettext("lunch %(times)s") % {"times": "11.30–12.30"}
    assert staffing == [f"mån–fre 6.30–16 ({lunch})", "lör–sön 6.30–14"]
    assert payroll == ["mån–fre 8–12"]
