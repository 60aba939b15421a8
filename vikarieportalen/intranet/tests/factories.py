"""Contact cards with opening hours, notices and the FAQ page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import factory
from django.utils import timezone

from vikarieportalen.intranet.models import ContactCard, FaqEntry, FaqPage, HomePage, Notice, OpeningHours

# (weekdays, opens, closes): the seed page's staffing centre, Mon–Fri 6.30–11.30 and 12.30–16
# (closed for lunch), Sat–Sun 6.30–14.
HoursSpec = Sequence[tuple[Iterable[int], dt.time, dt.time]]
STAFFING_CENTRE_HOURS: HoursSpec = [
    (range(0, 5), dt.time(6, 30), dt.time(11, 30)),
    (range(0, 5), dt.time(12, 30), dt.time(16, 0)),
    (range(5, 7), dt.time(6, 30), dt.time(14, 0)),
]


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    contact = factory.SubFactory("vikarieportalen.intranet.tests.factories.ContactCardFactory")
    weekday = 0
    opens = dt.time(8, 0)
    closes = dt.time(16, 0)


class ContactCardFactory(factory.django.DjangoModelFactory):
    """``ContactCardFactory(hours=STAFFING_CENTRE_HOURS)`` adds one OpeningHours row per day."""

    class Meta:
        model = ContactCard
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Enhet {n}")
    role = "Frågor om allt"
    phone = "0550-850 00"
    email = factory.Sequence(lambda n: f"enhet{n}@kristinehamn.example.se")
    show_in_footer = False
    sort_order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def hours(self, create: bool, extracted: HoursSpec | None, **kwargs: Any) -> None:
        if not create or not extracted:
            return
        rows = [(day, opens, closes) for days, opens, closes in extracted for day in days]
        OpeningHours.objects.bulk_create(
            OpeningHours(contact=self, weekday=day, opens=opens, closes=closes, sort_order=i)
            for i, (day, opens, closes) in enumerate(rows)
        )


def staffing_centre_contact(**fields: Any) -> ContactCard:
    """The seed's Bemanningscentrum card, in the footer, with its opening hours."""
    values = {
        "name": "Bemanningscentrum",
        "role": "Bokningar, tillgänglighet och fler arbetsplatser",
        "phone": "0550-858 89",
        "email": "bemanningscentrum@kristinehamn.se",
        "show_in_footer": True,
        "hours": STAFFING_CENTRE_HOURS,
        **fields,
    }
    return ContactCardFactory(**values)


class NoticeFactory(factory.django.DjangoModelFactory):
    """A notice shown since yesterday with no end."""

    class Meta:
        model = Notice

    title = factory.Sequence(lambda n: f"Driftmeddelande {n}")
    body = factory.LazyAttribute(lambda o: f"<p>Text till {o.title.lower()}.</p>")
    level = Notice.Level.INFO
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    ends_at = None


class FaqEntryFactory(factory.Factory):
    """Built, not saved: FAQ entries are saved with their page."""

    class Meta:
        model = FaqEntry

    topic = "Logga in"
    question = factory.Sequence(lambda n: f"Fråga nummer {n}?")
    answer = factory.LazyAttribute(lambda o: f"<p>Svar på {o.question.lower()}</p>")
    anchor = ""
    sort_order = factory.Sequence(lambda n: n)


class FaqPageFactory(factory.Factory):
    """A published FAQ page below the start page: ``FaqPageFactory(entries=[...])``."""

    class Meta:
        model = FaqPage

    title = "Frågor och svar"
    slug = "fragor-och-svar"
    intro = "<p>Svar på de vanligaste frågorna.</p>"
    entries = factory.LazyFunction(
        lambda: [
            FaqEntryFactory(
                topic="Logga in",
                question="Ska du logga in för första gången?",
                answer="<p>Ditt användarnamn är till exempel JOSA9804.</p>",
                anchor="forsta-inloggningen",
            ),
            FaqEntryFactory(topic="Lösenord", question="Jag har glömt mitt lösenord"),
        ]
    )

    @classmethod
    def _create(cls, model_class: type[FaqPage], *args: Any, **kwargs: Any) -> FaqPage:
        entries = kwargs.pop("entries")
        page = model_class(*args, **kwargs)
        page.entries = entries
        HomePage.objects.get().add_child(instance=page)
        page.save_revision().publish()
        return page
