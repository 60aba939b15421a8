"""The demo municipality: what it contains, and that building it again changes nothing.

A Django TestCase so that the demo (about 5 s) is built once for the class and rolled back after.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client, TestCase
from django.utils import translation
from wagtail.models import GroupPagePermission, Page, Revision

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.rules import parse_personal_identity_number
from vikarieportalen.core.roles import Role
from vikarieportalen.demo import content
from vikarieportalen.demo.identity.people import demo_people_with_test_numbers
from vikarieportalen.demo.identity.published_numbers import PUBLISHED_TEST_NUMBERS
from vikarieportalen.demo.municipality import (
    DEMO_PASSWORD,
    SUBSTITUTE_COUNT,
    demo_municipality_build,
    demo_personal_identity_number,
)
from vikarieportalen.demo.staffing.shifts import demo_tables
from vikarieportalen.intranet.models import ContactCard, FaqEntry, FaqPage, Notice, OpeningHours
from vikarieportalen.intranet.templatetags.intranet_tags import opening_hours_lines
from vikarieportalen.staffing.models import Workplace
from vikarieportalen.testing import INSIDE_ADDRESS, OUTSIDE_ADDRESS

USERNAME = re.compile(r"^[A-Z]{4}[0-9]{4}(-[0-9]+)?$")
# What the portal now does itself: the seed page sent people elsewhere for it (issue 16, item 6).
REPLACED_SYSTEMS = re.compile(r"visma|time\s*care|konto\.kristinehamn\.se", re.IGNORECASE)
INTERNAL_HREF = re.compile(r'href="(/[^"]*)"')

# Tables the demo writes, and the columns compared before and after a second run.
SNAPSHOT: list[tuple[type[Model], list[str]]] = [
    (
        User,
        [
            "username",
            "password",
            "preferred_given_name",
            "family_name",
            "date_of_birth",
            "mobile",
            "email",
            "employee_number",
            "personal_identity_number",
            "is_staff",
            "is_superuser",
        ],
    ),
    (User.groups.through, ["user_id", "group_id"]),
    (Group, ["name"]),
    (Group.permissions.through, ["group_id", "permission_id"]),
    (GroupPagePermission, ["group_id", "page_id", "permission_id"]),
    (Workplace, ["name", "area", "address", "phone", "is_active"]),
    (Workplace.managers.through, ["workplace_id", "user_id"]),
    (ContactCard, ["name", "role", "phone", "email", "note", "show_in_footer", "sort_order"]),
    (OpeningHours, ["contact_id", "weekday", "opens", "closes", "sort_order"]),
    (Notice, ["title", "body", "level", "starts_at", "ends_at"]),
    (Page, ["path", "title", "slug", "live", "latest_revision_id", "url_path"]),
    (Revision, ["object_id", "created_at"]),
    (FaqEntry, ["page_id", "topic", "question", "answer", "anchor", "sort_order"]),
]
SNAPSHOT += demo_tables()  # staffing: qualifications, pool, availability, shifts, bookings


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list("pk", *fields))
        for model, fields in SNAPSHOT
    }


@pytest.mark.parametrize(
    ("born", "birth_number", "expected"),
    [
        (dt.date(1998, 4, 4), 1, "199804040013"),
        (dt.date(1900, 1, 1), 999, "190001019991"),
        (dt.date(1999, 12, 31), 200, "199912312007"),
        (dt.date(2000, 1, 1), 1, None),  # not of the 1900s
        (dt.date(1899, 12, 31), 1, None),
        (dt.date(1998, 4, 4), 0, None),  # 000 is never a birth number
        (dt.date(1998, 4, 4), 1000, None),
    ],
)
def test_demo_personal_identity_numbers(born: dt.date, birth_number: int, expected: str | None) -> None:
    pin = demo_personal_identity_number(born, birth_number)
    assert pin == expected
    if pin is not None:
        assert parse_personal_identity_number(pin, today=dt.date(2026, 12, 7)) == pin


@pytest.mark.slow
class DemoMunicipalityTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        with translation.override("sv"):
            cls.result = demo_municipality_build()

    def substitutes(self) -> list[User]:
        return list(User.objects.filter(groups__name=Role.SUBSTITUTE.value))

    def test_fifteen_workplaces_each_with_a_manager(self) -> None:
        assert Workplace.objects.count() == 15
        assert not Workplace.objects.filter(managers=None).exists()
        managers = User.objects.filter(managed_workplaces__isnull=False).distinct()
        assert all(manager.has_role(Role.WORKPLACE_MANAGER) for manager in managers)

    def test_two_hundred_substitutes(self) -> None:
        assert SUBSTITUTE_COUNT == 200
        assert len(self.substitutes()) == 200

    def test_substitute_names_include_swedish_letters_and_compound_family_names(self) -> None:
        names = [(user.preferred_given_name, user.family_name) for user in self.substitutes()]
        assert any(re.search("[åäöÅÄÖ]", given + family) for given, family in names)
        assert any("-" in family for _given, family in names)
        assert any(" " in family for _given, family in names)

    def test_every_role_has_a_user_and_a_demo_login(self) -> None:
        for role in Role:
            assert User.objects.filter(groups__name=role.value).exists(), role
        assert {label for label, _username, _name in self.result.logins} == {
            str(label) for label in (role.label for role in Role)
        }

    def test_seed_example_josa9804_is_the_first_substitute(self) -> None:
        sara = User.objects.get(username="JOSA9804")
        assert sara.get_full_name() == "Sara Johansson"
        assert sara.date_of_birth == dt.date(1998, 4, 4)
        assert sara.roles() == [Role.SUBSTITUTE]

    def test_usernames_follow_the_rule_and_are_unique_in_any_case(self) -> None:
        usernames = list(User.objects.values_list("username", flat=True))
        assert all(USERNAME.match(name) for name in usernames), [
            n for n in usernames if not USERNAME.match(n)
        ]
        assert len({name.upper() for name in usernames}) == len(usernames)

    def test_every_user_has_a_valid_mobile_and_a_unique_employee_number(self) -> None:
        users = list(User.objects.all())
        for user in users:
            user.full_clean()
        assert len({user.mobile for user in users}) == len(users)

    def test_only_the_administrator_is_staff(self) -> None:
        staff = list(User.objects.filter(is_staff=True))
        assert [user.roles() for user in staff] == [[Role.ADMINISTRATOR]]

    def test_staffing_centre_contact_from_the_seed(self) -> None:
        card = ContactCard.objects.get(name="Bemanningscentrum")
        assert card.phone == "0550-858 89"
        assert card.show_in_footer
        with translation.override("en"):
            assert opening_hours_lines(card) == ["Mon–Fri 6.30–16 (lunch 11.30–12.30)", "Sat–Sun 6.30–14"]

    def test_seed_contacts_and_notices(self) -> None:
        assert list(ContactCard.objects.values_list("name", flat=True)) == [
            name for name, *_rest in content.CONTACTS
        ]
        assert set(Notice.objects.values_list("title", flat=True)) == {
            title for title, *_rest in content.NOTICES
        }

    def test_faq_page_has_every_seed_question(self) -> None:
        page = FaqPage.objects.live().get(slug="fragor-och-svar")
        assert page.entries.count() == len(content.FAQ)
        assert page.get_url() == "/fragor-och-svar/"

    def test_start_page_shows_the_seed_content_inside_the_network(self) -> None:
        text = Client(REMOTE_ADDR=INSIDE_ADDRESS).get("/").text
        assert "Vikarieportalen samlar all viktig information" in text
        assert "Bemanningscentrum" in text
        assert "Ny version av Time Care Pool" in text

    def test_faq_shows_the_username_example(self) -> None:
        text = Client(REMOTE_ADDR=INSIDE_ADDRESS).get("/fragor-och-svar/").text
        assert 'id="forsta-inloggningen"' in text
        assert "JOSA9804" in text

    def test_no_faq_answer_sends_people_elsewhere_for_what_the_portal_does(self) -> None:
        answers = list(FaqEntry.objects.values_list("question", "answer"))
        assert len(answers) == len(content.FAQ)
        named = [(q, REPLACED_SYSTEMS.findall(a)) for q, a in answers if REPLACED_SYSTEMS.search(a)]
        assert named == []

    def test_the_faq_links_to_the_portals_own_pages(self) -> None:
        answer = FaqEntry.objects.get(anchor="nytt-telefonnummer").answer
        assert 'href="/konto/mina-uppgifter/mobil/"' in answer
        assert "Mina uppgifter → Mobilnummer" in answer
        for anchor, page in [
            ("glomt-losenord", "/konto/aterstall/"),
            ("fler-arbetsplatser", "/bemanning/fler-arbetsplatser/"),
        ]:
            assert f'href="{page}"' in FaqEntry.objects.get(anchor=anchor).answer

    def test_every_internal_link_in_the_faq_opens_for_a_logged_in_substitute(self) -> None:
        client = Client(REMOTE_ADDR=OUTSIDE_ADDRESS)
        client.post("/konto/logga-in/", {"username": "JOSA9804", "password": DEMO_PASSWORD})
        page = client.get("/fragor-och-svar/").text
        links = sorted(
            {
                href
                for answer in FaqEntry.objects.values_list("answer", flat=True)
                for href in INTERNAL_HREF.findall(answer)
            }
        )
        assert len(links) >= 8
        for href in links:
            assert f'href="{href}"' in page  # shown as written
            assert client.get(href).status_code in (200, 302), href

    def test_the_faq_keeps_the_seeds_facts(self) -> None:
        text = " ".join(FaqEntry.objects.values_list("answer", flat=True))
        assert "de två första bokstäverna i ditt efternamn" in text and "JOSA9804" in text
        assert "minst 12 tecken och uppfylla minst 3 av 4 kriterier" in text
        assert "Fem dagar innan du måste byta ditt lösenord" in text

    def test_people_born_in_the_1900s_have_personal_identity_numbers_of_the_documented_form(self) -> None:
        sara = User.objects.get(username="JOSA9804")
        assert sara.personal_identity_number == "199804042399"
        users = list(User.objects.exclude(date_of_birth=None))
        for user in users:
            if user.date_of_birth.year < 2000:
                pin = user.personal_identity_number
                assert pin and parse_personal_identity_number(pin) == pin, user  # valid check digit
                assert pin[:8] == f"{user.date_of_birth:%Y%m%d}"
            else:
                assert user.personal_identity_number is None, user
        assert sum(1 for user in users if user.personal_identity_number) > 150

    def test_one_person_per_role_carries_a_published_test_number(self) -> None:
        people = demo_people_with_test_numbers(with_person_without_account=False)
        assert [person.pin for person in people] == list(PUBLISHED_TEST_NUMBERS)
        roles = {
            role
            for user in User.objects.filter(personal_identity_number__in=PUBLISHED_TEST_NUMBERS)
            for role in user.roles()
        }
        assert roles == set(Role) - {Role.ADMINISTRATOR}

    def test_demo_password_logs_in(self) -> None:
        client = Client(REMOTE_ADDR=OUTSIDE_ADDRESS)
        response = client.post("/konto/logga-in/", {"username": "josa9804", "password": DEMO_PASSWORD})
        assert response.status_code == 302
        assert client.get("/konto/mina-uppgifter/").status_code == 200

    def test_second_run_changes_nothing(self) -> None:
        before = snapshot()
        with translation.override("sv"):
            again = demo_municipality_build()
        assert snapshot() == before
        assert sum(again.created.values()) == 0
        assert again.logins == self.result.logins

    def test_a_demo_built_before_the_numbers_gets_them_and_a_number_someone_set_is_kept(self) -> None:
        set_by_hr = demo_personal_identity_number(dt.date(1975, 3, 14), 999)
        User.objects.filter(username="JOSA9804").update(personal_identity_number=None)
        User.objects.filter(username="LILE7514").update(personal_identity_number=set_by_hr)
        demo_municipality_build()
        assert User.objects.get(username="JOSA9804").personal_identity_number == "199804042399"
        assert User.objects.get(username="LILE7514").personal_identity_number == set_by_hr

    def test_a_demo_built_before_the_published_numbers_gets_them(self) -> None:
        # Mikael Strand was born 2 September 1982, with a generated number, before the published one.
        earlier = demo_personal_identity_number(dt.date(1982, 9, 2), 302)
        User.objects.filter(employee_number="P20002").update(
            personal_identity_number=earlier, date_of_birth=dt.date(1982, 9, 2)
        )
        demo_municipality_build()
        mikael = User.objects.get(employee_number="P20002")
        assert mikael.personal_identity_number == "198202029289"
        assert mikael.date_of_birth == dt.date(1982, 2, 2)

    def test_second_run_keeps_what_an_editor_changed(self) -> None:
        card = ContactCard.objects.get(name="Bemanningscentrum")
        card.phone = "0550-000 00"
        card.save()
        demo_municipality_build()
        card.refresh_from_db()
        assert card.phone == "0550-000 00"
