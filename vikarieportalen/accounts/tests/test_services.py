from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from wagtail.models import GroupPagePermission, Page

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.services import role_groups_sync, user_create
from vikarieportalen.accounts.tests.factories import UserFactory
from vikarieportalen.core.roles import Role

pytestmark = pytest.mark.django_db

SARA = {"preferred_given_name": "Sara", "family_name": "Johansson", "date_of_birth": dt.date(1998, 4, 4)}


def test_username_follows_the_rule() -> None:
    user = user_create(**SARA, roles=[Role.SUBSTITUTE])
    assert user.username == "JOSA9804"


def test_second_user_with_same_name_gets_variant() -> None:
    user_create(**SARA, roles=[Role.SUBSTITUTE])
    second = user_create(**SARA, roles=[Role.SUBSTITUTE])
    third = user_create(**SARA, roles=[Role.SUBSTITUTE])
    assert (second.username, third.username) == ("JOSA9804-2", "JOSA9804-3")


def test_collision_is_found_whatever_the_case_of_the_stored_username() -> None:
    UserFactory(username="josa9804")
    assert user_create(**SARA, roles=[]).username == "JOSA9804-2"


def test_mobile_is_stored_in_e164() -> None:
    user = user_create(**SARA, roles=[Role.SUBSTITUTE], mobile="070-123 45 67")
    user.refresh_from_db()
    assert user.mobile == "+46701234567"
    assert user.mobile_display == "070-123 45 67"


def test_invalid_mobile_raises_and_creates_nothing() -> None:
    with pytest.raises(ValidationError):
        user_create(**SARA, roles=[Role.SUBSTITUTE], mobile="0550-858 89")
    assert not User.objects.exists()


def test_invalid_email_raises_and_creates_nothing() -> None:
    with pytest.raises(ValidationError):
        user_create(**SARA, roles=[Role.SUBSTITUTE], email="inte en adress")
    assert not User.objects.exists()


def test_roles_are_set_as_groups() -> None:
    user = user_create(**SARA, roles=[Role.SUBSTITUTE, Role.PAYROLL])
    assert sorted(user.groups.values_list("name", flat=True)) == ["payroll", "substitute"]
    assert User.objects.get(pk=user.pk).roles() == [Role.SUBSTITUTE, Role.PAYROLL]


def test_only_administrators_become_staff() -> None:
    substitute = user_create(**SARA, roles=[Role.SUBSTITUTE])
    admin = user_create(**SARA, roles=[Role.ADMINISTRATOR])
    assert (substitute.is_staff, substitute.is_superuser) == (False, False)
    assert (admin.is_staff, admin.is_superuser) == (True, True)


def test_password_is_hashed_and_checks() -> None:
    user = user_create(**SARA, roles=[], password="Ett-Långt-Lösen-2026")
    assert user.password != "Ett-Långt-Lösen-2026"
    assert user.check_password("Ett-Långt-Lösen-2026")


def test_without_password_the_password_is_unusable() -> None:
    assert not user_create(**SARA, roles=[]).has_usable_password()


def test_given_names_default_to_the_preferred_name() -> None:
    assert user_create(**SARA, roles=[]).given_names == "Sara"


def test_post_migrate_created_a_group_for_every_role() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_role_groups_sync_is_idempotent() -> None:
    def snapshot() -> tuple[list[tuple[str, str]], int]:
        grants = sorted(
            Group.objects.filter(name__in=[r.value for r in Role]).values_list(
                "name", "permissions__codename"
            )
        )
        return [(n, c or "") for n, c in grants], GroupPagePermission.objects.count()

    role_groups_sync()
    first = snapshot()
    role_groups_sync()
    assert snapshot() == first
    assert Group.objects.filter(name__in=[r.value for r in Role]).count() == len(Role)


def test_role_groups_sync_restores_a_deleted_group() -> None:
    Group.objects.filter(name=Role.HR_SERVICE.value).delete()
    role_groups_sync()
    assert Group.objects.filter(name=Role.HR_SERVICE.value).exists()


def test_editor_group_may_access_wagtail_admin() -> None:
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    assert Group.objects.get(name=Role.EDITOR.value).permissions.filter(pk=access.pk).exists()


def test_editor_may_publish_pages_from_the_root() -> None:
    editors = Group.objects.get(name=Role.EDITOR.value)
    granted = set(
        GroupPagePermission.objects.filter(group=editors, page=Page.get_first_root_node()).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= granted


def test_substitute_group_has_no_model_permissions() -> None:
    assert not Group.objects.get(name=Role.SUBSTITUTE.value).permissions.exists()


def test_editor_user_has_the_wagtail_admin_permission() -> None:
    editor = UserFactory(roles=[Role.EDITOR])
    assert User.objects.get(pk=editor.pk).has_perm("wagtailadmin.access_admin")
