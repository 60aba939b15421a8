"""The series offer's SMS texts, built from unsaved offers (no database): one number, one link,
every day or the first and last; the answer lists what was booked and what was not."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.utils import translation

from vikarieportalen.staffing.models import Offer, Shift, Workplace
from vikarieportalen.staffing.offers.notify import offer_series_answer_text, offer_series_sms_text
from vikarieportalen.staffing.tests.factories import at


def _offers(days: int, *, start: int = 7, vary: bool = False) -> list[Offer]:
    workplace = Workplace(name="Solrosen")
    offers = []
    for n in range(days):
        day = dt.date(2026, 10, 5) + dt.timedelta(days=n)
        begin = start + (n if vary else 0)
        shift = Shift(
            workplace=workplace,
            day=day,
            starts_at=at(day.year, day.month, day.day, begin),
            ends_at=at(day.year, day.month, day.day, begin + 8),
        )
        offers.append(Offer(shift=shift, code="4711", series_key="Ab3dE5fG7hI9", token=f"t{n}"))
    return offers


@override_settings(PUBLIC_URL="https://vikarie.example.se")
def test_the_sms_lists_every_day_with_one_number_and_one_link() -> None:
    with translation.override("sv"):
        text = offer_series_sms_text(offers=_offers(3))
    assert text == (
        "Förfrågan 4711: 3 pass på Solrosen, 07.00-15.00: mån 5 okt, tis 6 okt, ons 7 okt. "
        "Svara JA 4711 för alla eller NEJ 4711, eller välj några på https://vikarie.example.se/f/s/Ab3dE5fG7hI9/"
    )


@override_settings(PUBLIC_URL="https://vikarie.example.se")
def test_shifts_at_different_times_or_too_many_days_give_the_first_and_last_day() -> None:
    with translation.override("en"):
        varied = offer_series_sms_text(offers=_offers(3, vary=True))
        short = offer_series_sms_text(offers=_offers(20), list_days=False)
    assert varied.startswith("Offer 4711: 3 shifts at Solrosen, Mon 5 Oct to Wed 7 Oct. Reply YES 4711")
    assert short.startswith("Offer 4711: 20 shifts at Solrosen, Mon 5 Oct to Sat 24 Oct.")


def test_the_answer_lists_the_booked_and_the_refused_with_why() -> None:
    offers = _offers(3)
    with translation.override("en"):
        text = offer_series_answer_text(
            code="4711", booked=offers[:2], refused=[(offers[2], "already filled")]
        )
        none = offer_series_answer_text(code="4711", booked=[], refused=[(offers[0], "expired")])
    assert text == (
        "Booked (offer 4711): 2 shifts at Solrosen, 07:00-15:00: Mon 5 Oct, Tue 6 Oct. "
        "Not booked: Wed 7 Oct (already filled). See My shifts. /Vikarieportalen"
    )
    assert none == "Offer 4711: no shift could be booked. Not booked: Mon 5 Oct (expired). /Vikarieportalen"
