"""Who the demo e-ID and the demo card reader offer: the demo people with a published test number."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.demo.identity.provider import DemoPerson
from vikarieportalen.demo.identity.published_numbers import PERSON_WITHOUT_ACCOUNT, PUBLISHED_TEST_NUMBERS


def demo_people_with_test_numbers(*, with_person_without_account: bool) -> list[DemoPerson]:
    """The active users carrying Skatteverket's published test numbers, in the list's order; the
    demo services never vouch for any other number (those may belong to real people)."""
    users = {
        user.personal_identity_number: user
        for user in User.objects.filter(
            personal_identity_number__in=PUBLISHED_TEST_NUMBERS, is_active=True
        ).prefetch_related("groups")
    }
    with translation.override("sv"):
        people = [
            DemoPerson(
                pin=pin,
                name=users[pin].get_full_name(),
                description=", ".join(str(role.label) for role in users[pin].roles()),
            )
            for pin in PUBLISHED_TEST_NUMBERS
            if pin in users
        ]
        if with_person_without_account:
            people.append(
                DemoPerson(
                    pin=PERSON_WITHOUT_ACCOUNT,
                    name=_("Someone without an account"),
                    description=_("a valid e-ID, but nobody in the portal"),
                )
            )
    return people
