"""Builds the demo municipality. Deterministic and idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction
from wagtail.models import Page

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.rules import fold_to_latin, luhn_check_digit
from vikarieportalen.accounts.services import role_groups_sync, user_create
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.demo import content
from vikarieportalen.demo.certificates import demo_certificates_build
from vikarieportalen.demo.feedback import demo_feedback_load
from vikarieportalen.demo.hours import demo_hours_build
from vikarieportalen.demo.identity.published_numbers import published_number_born_on
from vikarieportalen.demo.intranet import demo_intranet_load
from vikarieportalen.demo.pay import demo_pay_build
from vikarieportalen.demo.payroll_periods import demo_pay_periods_build
from vikarieportalen.demo.staffing.group_messages import demo_group_messages_build
from vikarieportalen.demo.staffing.las import demo_las_build
from vikarieportalen.demo.staffing.offers import demo_offers_build
from vikarieportalen.demo.staffing.overview import demo_overview_build
from vikarieportalen.demo.staffing.proposal import demo_proposal_build
from vikarieportalen.demo.staffing.push_notices import demo_push_build
from vikarieportalen.demo.staffing.series import demo_series_build
from vikarieportalen.demo.staffing.series_offer import demo_series_offer_build
from vikarieportalen.demo.staffing.shifts import demo_staffing_build
from vikarieportalen.demo.staffing.workplace_requests import demo_requests_build
from vikarieportalen.demo.statistics import demo_statistics_build
from vikarieportalen.demo.support import demo_support_load
from vikarieportalen.demo.trainings import demo_trainings_load
from vikarieportalen.intranet.models import (
    ContactCard,
    FaqEntry,
    FaqPage,
    HomePage,
    Notice,
)
from vikarieportalen.intranet.services import contact_opening_hours_add
from vikarieportalen.staffing.models import Workplace
from vikarieportalen.statistics.services import statistics_refresh

DEMO_PASSWORD = "Sommar-Vikarie-2026"  # noqa: S105 - printed for the demo, never used in production
SUBSTITUTE_COUNT = 200


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role label, username, name)

    def count(self, what: str, created: bool) -> None:
        self.created[what] = self.created.get(what, 0) + int(created)


@cache
def _demo_password_hash() -> str:
    # Hashing is slow on purpose; every demo user shares one hash, made only if a user is created.
    return make_password(DEMO_PASSWORD)


def _mobile(index: int) -> str:
    # PTS reserves 070-174 06 05…99 for fiction; the rest continue in a block used only by the demo.
    if index < 95:
        return f"+4670174{605 + index:04d}"
    return f"+4670175{index:04d}"


def demo_personal_identity_number(born: dt.date, birth_number: int) -> str | None:
    """A personal identity number of the documented form for a demo person born in the 1900s.

    Skatteverket publishes test personal identity numbers (testpersonnummer) for systems like this
    one; the demo people one logs in as carry those (``identity.published_numbers``). These are
    only of the same form (born in the 1900s, three-digit birth number, Luhn check digit), so one
    may belong to a real person: never use them outside the demo. None for anyone born in 2000 or
    later.
    """
    if not 1900 <= born.year <= 1999 or not 1 <= birth_number <= 999:
        return None
    digits = f"{born:%y%m%d}{birth_number:03d}"
    return f"{born:%Y%m%d}{birth_number:03d}{luhn_check_digit(digits)}"


def _ensure_user(
    result: DemoResult,
    *,
    birth_number: int,
    employee_number: str,
    preferred_given_name: str,
    family_name: str,
    date_of_birth: dt.date,
    roles: list[Role],
    mobile: str,
    awaiting_activation: bool = False,
    published_pin: str | None = None,
) -> User:
    generated = demo_personal_identity_number(date_of_birth, birth_number)
    pin = published_pin or generated
    existing = User.objects.filter(employee_number=employee_number).first()
    if existing is not None:
        result.count("users", False)
        # A demo built before the numbers were added (or before the published ones) gets them; a
        # number someone set is kept.
        earlier = (
            demo_personal_identity_number(existing.date_of_birth, birth_number)
            if existing.date_of_birth
            else None
        )
        if (
            pin is not None
            and existing.personal_identity_number in (None, earlier)
            and existing.personal_identity_number != pin
            and not User.objects.filter(personal_identity_number=pin).exists()
        ):
            existing.personal_identity_number = pin
            existing.date_of_birth = date_of_birth
            existing.save(update_fields=["personal_identity_number", "date_of_birth"])
        return existing
    email_local = f"{fold_to_latin(preferred_given_name)}.{fold_to_latin(family_name)}".lower()
    user = user_create(
        preferred_given_name=preferred_given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        roles=roles,
        mobile=mobile,
        email=f"{email_local}@demo.example.se",
        employee_number=employee_number,
        # Awaiting activation: registered by HR, no password until the SMS link is used.
        password_hash=None if awaiting_activation else _demo_password_hash(),
    )
    if pin is not None:
        user.personal_identity_number = pin
        user.save(update_fields=["personal_identity_number"])
    result.count("users", True)
    return user


def _substitute_people(rng: random.Random) -> list[tuple[str, str, dt.date]]:
    people = [content.FIRST_SUBSTITUTE]
    while len(people) < SUBSTITUTE_COUNT:
        given = rng.choice(content.GIVEN_NAMES)
        family = rng.choice(content.FAMILY_NAMES)
        if rng.random() < 0.08:  # some carry two family names with a hyphen
            family = f"{family}-{rng.choice(content.FAMILY_NAMES)}"
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 46))
        people.append((given, family, born))
    return people


def _build_people(result: DemoResult) -> None:
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    for index, (given, family, born) in enumerate(_substitute_people(rng)):
        user = _ensure_user(
            result,
            birth_number=1 + index,  # 001–200; staff 301 on, managers 401 on: no two alike
            employee_number=f"V{10001 + index}",
            preferred_given_name=given,
            family_name=family,
            date_of_birth=born,
            roles=[Role.SUBSTITUTE],
            mobile=_mobile(index),
            # The last one was just registered by HR and has not activated the account yet.
            awaiting_activation=index == SUBSTITUTE_COUNT - 1,
            published_pin=published_number_born_on(born) if index == 0 else None,
        )
        if index == 0:
            result.logins.append((Role.SUBSTITUTE.label, user.username, user.get_full_name()))

    for offset, (given, family, born, role_name, number, _title) in enumerate(content.STAFF):
        role = Role(role_name)
        user = _ensure_user(
            result,
            birth_number=301 + offset,
            employee_number=number,
            preferred_given_name=given,
            family_name=family,
            date_of_birth=born,
            roles=[role],
            mobile=_mobile(SUBSTITUTE_COUNT + offset),
            published_pin=published_number_born_on(born),
        )
        if all(label != role.label for label, _username, _name in result.logins):
            result.logins.append((role.label, user.username, user.get_full_name()))

    workplaces = list(Workplace.objects.order_by("pk"))
    for offset, (given, family, born) in enumerate(content.MANAGERS):
        manager = _ensure_user(
            result,
            birth_number=401 + offset,
            employee_number=f"P{21001 + offset}",
            preferred_given_name=given,
            family_name=family,
            date_of_birth=born,
            roles=[Role.WORKPLACE_MANAGER],
            mobile=_mobile(SUBSTITUTE_COUNT + 50 + offset),
            published_pin=published_number_born_on(born),
        )
        # Twelve managers for fifteen workplaces: the first three manage two each.
        for workplace in workplaces[offset :: len(content.MANAGERS)]:
            workplace.managers.add(manager)
        if offset == 0:
            result.logins.append((Role.WORKPLACE_MANAGER.label, manager.username, manager.get_full_name()))


def _build_workplaces(result: DemoResult) -> None:
    for name, area, address, phone in content.WORKPLACES:
        _workplace, created = Workplace.objects.get_or_create(
            name=name, defaults={"area": area, "address": address, "phone": phone}
        )
        result.count("workplaces", created)


def _build_contacts(result: DemoResult) -> None:
    for order, (name, role, phone, email, note, in_footer, hours) in enumerate(content.CONTACTS):
        card, created = ContactCard.objects.get_or_create(
            name=name,
            defaults={
                "role": role,
                "phone": phone,
                "email": email,
                "note": note,
                "show_in_footer": in_footer,
                "sort_order": order,
            },
        )
        result.count("contacts", created)
        if created:
            contact_opening_hours_add(contact=card, hours=hours)


def _build_notices(result: DemoResult) -> None:
    for title, body, starts, level in content.NOTICES:
        _notice, created = Notice.objects.get_or_create(
            title=title,
            defaults={
                "body": body,
                "level": level,
                "starts_at": dt.datetime.combine(starts, dt.time(0, 0), tzinfo=STOCKHOLM),
            },
        )
        result.count("notices", created)


def _build_pages(result: DemoResult) -> None:
    home = HomePage.objects.filter(locale__language_code="sv").order_by("path").first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Vikarieportalen", slug="vikarieportalen"))
    if not home.intro:
        home.intro = content.HOME_INTRO
        home.save_revision().publish()
    if FaqPage.objects.child_of(home).filter(slug="fragor-och-svar").exists():
        result.count("pages", False)
        return
    faq = FaqPage(title="Frågor och svar", slug="fragor-och-svar", intro=content.FAQ_INTRO)
    faq.entries = [  # type: ignore[misc]  # the plugin loses FaqPage's relations past StewardedPage
        FaqEntry(topic=topic, question=question, answer=answer, anchor=anchor, sort_order=i)
        for i, (topic, question, answer, anchor) in enumerate(content.FAQ)
    ]
    home.add_child(instance=faq)
    faq.save_revision().publish()
    result.count("pages", True)


@transaction.atomic
def demo_municipality_build() -> DemoResult:
    result = DemoResult()
    role_groups_sync()
    _build_workplaces(result)
    _build_people(result)
    _build_contacts(result)
    _build_notices(result)
    _build_pages(result)
    demo_intranet_load(count=result.count)  # news, job ads, shortcuts, redirects, English pages
    demo_feedback_load(count=result.count)  # after the pages and the editor
    demo_support_load(count=result.count)  # after the people: payroll cases need substitutes and staff
    demo_staffing_build(count=result.count)
    demo_trainings_load(count=result.count)  # after staffing: required courses follow the workplaces
    demo_las_build(count=result.count)  # after staffing: earlier years' bookings
    demo_pay_build(count=result.count)  # hourly wages and supplement bands
    demo_hours_build(count=result.count)  # approvals of past bookings → time transactions
    demo_pay_periods_build(count=result.count)  # exported, locked pay periods and late lines
    demo_certificates_build(count=result.count)  # orders from the approved hours
    demo_offers_build(count=result.count)
    demo_requests_build(count=result.count)
    demo_series_build(count=result.count)  # a repeating need with the manager's wish
    demo_series_offer_build(count=result.count)  # a series offer waiting for JOSA9804
    demo_overview_build(count=result.count)  # after the pool: a few off sick, for who is free
    demo_group_messages_build(count=result.count)  # after offers: replies go to the inbox
    demo_proposal_build(count=result.count)  # after the others: a proposal of the shifts still open
    demo_statistics_build(count=result.count)  # last: history for Statistik (times, offers, cancellations)
    demo_push_build(count=result.count)  # after Statistik's offers: push devices, how those offers were told
    statistics_refresh(full=True)  # Statistik's daily summary of all the above
    return result
