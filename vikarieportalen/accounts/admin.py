from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from vikarieportalen.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    list_display = [
        "username",
        "preferred_given_name",
        "family_name",
        "employee_number",
        "mobile",
        "is_active",
    ]
    list_filter = ["groups", "is_active", "is_staff"]
    search_fields = ["username", "preferred_given_name", "family_name", "employee_number", "email"]
    ordering = ["family_name", "preferred_given_name"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal details"),
            {
                "fields": (
                    "given_names",
                    "preferred_given_name",
                    "family_name",
                    "date_of_birth",
                    "employee_number",
                    "mobile",
                    "email",
                    "language",
                )
            },
        ),
        (
            _("Roles and permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "preferred_given_name",
                    "family_name",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
