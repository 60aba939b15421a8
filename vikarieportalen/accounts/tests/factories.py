"""Users per role. Groups named by Role values exist after migrate (a post_migrate handler)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import factory
from django.contrib.auth.models import Group

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.rules import username_for
from vikarieportalen.core.roles import Role
from vikarieportalen.testing import TEST_PASSWORD


def _roles_setter(default: Iterable[Role]) -> factory.PostGeneration:
    def set_roles(user: User, create: bool, extracted: Iterable[Role] | None, **kwargs: Any) -> None:
        roles = list(default if extracted is None else extracted)
        if not create or not roles:
            return
        # get_or_create: transactional tests flush tables, and the groups with them.
        user.groups.set([Group.objects.get_or_create(name=role.value)[0] for role in roles])
        if Role.ADMINISTRATOR in roles and not user.is_superuser:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])

    return factory.PostGeneration(set_roles)


class UserFactory(factory.django.DjangoModelFactory[User]):
    """``UserFactory(roles=[Role.EDITOR])``; the password is ``TEST_PASSWORD``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    preferred_given_name = factory.Faker("first_name", locale="sv_SE")
    given_names = factory.LazyAttribute(lambda o: o.preferred_given_name)
    family_name = factory.Faker("last_name", locale="sv_SE")
    date_of_birth = factory.Faker(
        "date_between_dates", date_start=dt.date(1960, 1, 1), date_end=dt.date(2006, 12, 31)
    )
    # The rule's username plus a sequence number: unique however many users a test makes.
    username = factory.LazyAttributeSequence(
        lambda o, n: f"{username_for(o.preferred_given_name, o.family_name, o.date_of_birth)}-{n + 100}"
    )
    email = factory.LazyAttribute(lambda o: f"{o.username.lower()}@test.example.se")
    mobile = factory.Sequence(lambda n: f"+46701{n % 1_000_000:06d}")
    employee_number = factory.Sequence(lambda n: f"T{n:06d}")
    password = factory.django.Password(TEST_PASSWORD)
    roles = _roles_setter([])


class SubstituteFactory(UserFactory):
    roles = _roles_setter([Role.SUBSTITUTE])


class WorkplaceManagerFactory(UserFactory):
    roles = _roles_setter([Role.WORKPLACE_MANAGER])


class StaffingCentreFactory(UserFactory):
    roles = _roles_setter([Role.STAFFING_CENTRE])


class PayrollFactory(UserFactory):
    roles = _roles_setter([Role.PAYROLL])


class HrServiceFactory(UserFactory):
    roles = _roles_setter([Role.HR_SERVICE])


class EditorFactory(UserFactory):
    roles = _roles_setter([Role.EDITOR])


class AdministratorFactory(UserFactory):
    roles = _roles_setter([Role.ADMINISTRATOR])


FACTORY_FOR_ROLE: dict[Role, type[UserFactory]] = {
    Role.SUBSTITUTE: SubstituteFactory,
    Role.WORKPLACE_MANAGER: WorkplaceManagerFactory,
    Role.STAFFING_CENTRE: StaffingCentreFactory,
    Role.PAYROLL: PayrollFactory,
    Role.HR_SERVICE: HrServiceFactory,
    Role.EDITOR: EditorFactory,
    Role.ADMINISTRATOR: AdministratorFactory,
}
