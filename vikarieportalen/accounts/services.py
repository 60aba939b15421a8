"""Writes to accounts: one function per action, each owning its transaction."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.rules import username_for, username_variant
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.phone import normalize_mobile_number

# Model permissions each role gets, as "app_label.codename". Views still check roles themselves.
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.EDITOR: [
        "wagtailadmin.access_admin",
        "intranet.add_contactcard",
        "intranet.change_contactcard",
        "intranet.delete_contactcard",
        "intranet.add_notice",
        "intranet.change_notice",
        "intranet.delete_notice",
        "intranet.add_shortcut",
        "intranet.change_shortcut",
        "intranet.delete_shortcut",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "simple_translation.submit_translation",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
}


@transaction.atomic
def role_groups_sync() -> None:
    """Create a group for every role and give it its permissions. Safe to run any number of times."""
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        codenames = ROLE_PERMISSIONS.get(role, [])
        if not codenames:
            continue
        wanted: list[Permission] = []
        for dotted in codenames:
            app_label, codename = dotted.split(".", 1)
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.add(*wanted)
    _editor_page_permissions_sync()


def _editor_page_permissions_sync() -> None:
    """Editors may add, change and publish every page below the root."""
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is None:
        return
    editors = Group.objects.get(name=Role.EDITOR.value)
    for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if permission is not None:
            GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=permission)
    _moderation_workflow_sync(editors=editors, root=root)


def _moderation_workflow_sync(*, editors: Group, root: object) -> None:
    """Wagtail's default moderation workflow covers every page, and editors may approve in it."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    assigned = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
    if assigned is None:
        # Wagtail's migrations create "Moderators approval" on the root; recreate it if it was removed.
        workflow = Workflow.objects.create(name="Moderators approval", active=True)
        task = GroupApprovalTask.objects.create(name="Moderators approval", active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=root)
    else:
        workflow = assigned.workflow
    for task in GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow):
        task.groups.add(editors)


@transaction.atomic
def user_create(
    *,
    preferred_given_name: str,
    family_name: str,
    date_of_birth: dt.date,
    roles: list[Role],
    given_names: str = "",
    mobile: str = "",
    email: str = "",
    employee_number: str | None = None,
    password: str | None = None,
    password_hash: str | None = None,
    language: str = "sv",
) -> User:
    """Create a user whose username follows the municipality's rule (with a variant on collision)."""
    base = username_for(preferred_given_name, family_name, date_of_birth)
    taken = set(User.objects.filter(username__istartswith=base).values_list("username", flat=True))
    user = User(
        username=username_variant(base, {name.upper() for name in taken}),
        preferred_given_name=preferred_given_name,
        given_names=given_names or preferred_given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        mobile=normalize_mobile_number(mobile) if mobile else "",
        email=email,
        employee_number=employee_number,
        language=language,
        is_staff=Role.ADMINISTRATOR in roles,
        is_superuser=Role.ADMINISTRATOR in roles,
    )
    if password_hash is not None:
        user.password = password_hash
    elif password is not None:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
    return user


# The session key for the language saved on the account, set at login (intranet.serving.middleware reads it).
USER_LANGUAGE_SESSION_KEY = "portal_user_language"


def user_language_save(*, user: User, language: str) -> None:
    """Save the language ``user`` chose on the web: SMS and e-mail to them are written in it."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown language {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
