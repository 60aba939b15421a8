"""Contact cards with opening hours, notices, the FAQ page, news, job ads and shortcuts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import factory
from django.utils import timezone

from vikarieportalen.intranet.models import (
    ContactCard,
    FaqEntry,
    FaqPage,
    HomePage,
    JobAdIndexPage,
    JobAdPage,
    NewsIndexPage,
    NewsPage,
    NewsTargetArea,
    Notice,
    OpeningHours,
    Shortcut,
)
from vikarieportalen.intranet.services import HoursSpec, contact_opening_hours_add

# (weekdays, opens, closes): the seed page's staffing centre, Mon–Fri 6.30–11.30 and 12.30–16
# (closed for lunch), Sat–Sun 6.30–14.
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
        if create and extracted:
            contact_opening_hours_add(contact=self, hours=extracted)


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
        HomePage.objects.filter(locale__language_code="sv").get().add_child(instance=page)
        page.save_revision().publish()
        return page


# ---------------------------------------------------------------------------------------------
# News, job ads and shortcuts


def news_index(**fields: Any) -> NewsIndexPage:
    """The published news list below the start page (created once, then reused)."""
    home = HomePage.objects.filter(locale__language_code="sv").get()
    existing = NewsIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    page = NewsIndexPage(title="Nyheter", slug="nyheter", **fields)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def job_ad_index(**fields: Any) -> JobAdIndexPage:
    home = HomePage.objects.filter(locale__language_code="sv").get()
    existing = JobAdIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    page = JobAdIndexPage(title="Lediga jobb", slug="lediga-jobb", **fields)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


_counter = iter(range(1, 10**9))


def news_item(
    *,
    title: str | None = None,
    areas: Iterable[str] = (),
    date: dt.date | None = None,
    publish: bool = True,
    **fields: Any,
) -> NewsPage:
    """A news item in the news list; ``areas`` aims it at substitutes in those areas of work."""
    number = next(_counter)
    title = title or f"Nyhet {number}"
    page = NewsPage(
        title=title,
        slug=fields.pop("slug", f"nyhet-{number}"),
        date=date or timezone.localdate(),
        intro=fields.pop("intro", f"Ingress till {title.lower()}."),
        body=fields.pop("body", "<p>Brödtext.</p>"),
        live=publish,
        **fields,
    )
    page.target_areas = [NewsTargetArea(area=area) for area in areas]
    news_index().add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def job_ad(
    *,
    title: str | None = None,
    last_application_date: dt.date | None = None,
    **fields: Any,
) -> JobAdPage:
    """A published job ad, open for two weeks unless told otherwise."""
    number = next(_counter)
    title = title or f"Undersköterska {number}"
    fields.setdefault("workplace_text", "Hemtjänsten Norr")
    page = JobAdPage(
        title=title,
        slug=fields.pop("slug", f"jobb-{number}"),
        extent=fields.pop("extent", "Heltid, tillsvidare"),
        last_application_date=last_application_date or timezone.localdate() + dt.timedelta(days=14),
        body=fields.pop("body", "<p>Vi söker en undersköterska.</p>"),
        how_to_apply=fields.pop("how_to_apply", "<p>Skicka ansökan till chefen.</p>"),
        **fields,
    )
    job_ad_index().add_child(instance=page)
    page.save_revision().publish()
    return page


class ShortcutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shortcut

    title = factory.Sequence(lambda n: f"Genväg {n}")
    url = factory.Sequence(lambda n: f"https://system{n}.example-kommun.se/")
    description = "Ett system"
    sort_order = factory.Sequence(lambda n: n)
