from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from vikarieportalen.accounts.rules import mask_personal_identity_number
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.phone import format_mobile_number, normalize_mobile_number

# The name of the annotation with a user's group names, comma-separated (``User.roles`` reads it).
ROLE_NAMES = "role_names"


def validate_mobile_e164(value: str) -> None:
    if value and normalize_mobile_number(value) != value:
        raise ValidationError(_("Store mobile numbers in E.164 form, e.g. +46701234567."))


class PortalUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        # Usernames follow a rule in capitals; people type them in any case.
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A person who uses the portal: a substitute or a member of staff.

    ``first_name``/``last_name`` from Django are not used: Swedish names need the given names and
    the preferred given name (*tilltalsnamn*) kept apart, since the username rule uses the latter.
    """

    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]

    given_names = models.CharField(_("given names"), max_length=150, blank=True)
    preferred_given_name = models.CharField(_("preferred given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    mobile = models.CharField(
        _("mobile number"),
        max_length=16,
        blank=True,
        validators=[validate_mobile_e164],
        help_text=_("Bookings and codes are sent here by SMS."),
    )
    # NULL, not "", for "no number": the unique constraint then ignores users without one.
    employee_number = models.CharField(_("employee number"), max_length=20, null=True, blank=True)  # noqa: DJ001
    # The 12-digit form (YYYYMMDDNNNC) from rules.parse_personal_identity_number; NULL when unknown.
    personal_identity_number = models.CharField(  # noqa: DJ001
        _("personal identity number"),
        max_length=12,
        null=True,
        blank=True,
        help_text=_("Used to log in with e-ID or a staff card. Shown masked."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("sv", _("Swedish")), ("en", _("English"))],
        default="sv",
    )
    # Password expiry (accounts.password_services): NULL means no known age, so no expiry.
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set when someone else chose the password; the next login asks for a new one."),
    )
    # A substitute's engagement ended by HR (privacy.leavers): the account stays, closed, for the
    # pay lines and the retention period; ``anonymised_at`` once the person's details are gone.
    engagement_ended_at = models.DateTimeField(_("engagement ended"), null=True, blank=True)
    engagement_ended_by = models.ForeignKey(
        "self",
        verbose_name=_("engagement ended by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    REQUIRED_FIELDS = ["email", "preferred_given_name", "family_name"]
    objects: ClassVar[PortalUserManager] = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["family_name", "preferred_given_name"]
        # Lists of people sorted by name (the pool, candidates) read the first rows of this index.
        indexes = [
            models.Index(
                fields=["family_name", "preferred_given_name", "id"], name="accounts_user_name_order"
            )
        ]
        constraints = [
            # "e-1" and "E-1" are one person's number: HR systems and people write it either way.
            models.UniqueConstraint(
                Upper("employee_number"),
                name="accounts_user_employee_number_ci_unique",
                condition=models.Q(employee_number__isnull=False),
            ),
            models.UniqueConstraint(Upper("username"), name="accounts_user_username_ci_unique"),
            models.UniqueConstraint(
                fields=["personal_identity_number"],
                name="accounts_user_pin_unique",
                condition=models.Q(personal_identity_number__isnull=False),
            ),
            models.CheckConstraint(
                condition=models.Q(personal_identity_number__isnull=True)
                | models.Q(personal_identity_number__regex=r"^[0-9]{12}$"),
                name="accounts_user_pin_twelve_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(mobile="") | models.Q(mobile__regex=r"^\+[1-9][0-9]{6,14}$"),
                name="accounts_user_mobile_e164",
            ),
            # An ended engagement is a closed account; reopening it means clearing the end first.
            models.CheckConstraint(
                condition=models.Q(engagement_ended_at__isnull=True) | models.Q(is_active=False),
                name="accounts_user_ended_is_inactive",
            ),
            # Only a leaver is anonymised, and never before the engagement ended.
            models.CheckConstraint(
                condition=models.Q(anonymised_at__isnull=True)
                | models.Q(
                    engagement_ended_at__isnull=False, anonymised_at__gte=models.F("engagement_ended_at")
                ),
                name="accounts_user_anonymised_after_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_full_name()} ({self.username})"

    def get_full_name(self) -> str:
        return f"{self.preferred_given_name} {self.family_name}".strip()

    def get_short_name(self) -> str:
        return self.preferred_given_name

    @property
    def personal_identity_number_masked(self) -> str:
        return mask_personal_identity_number(self.personal_identity_number or "")

    @property
    def mobile_display(self) -> str:
        return format_mobile_number(self.mobile)

    def roles(self) -> list[Role]:
        """The user's roles, in the order of the Role enum. Cached on the instance per request.

        A user loaded with ``ROLE_NAMES`` annotated (the session's user, accounts/login/backends.py)
        has them already; any other asks the database once."""
        if not hasattr(self, "_roles_cache"):
            annotated: str | None = getattr(self, ROLE_NAMES, None)
            if annotated is not None:
                names = set(annotated.split(","))
            else:
                names = {group.name for group in self.groups.all()}
            self._roles_cache = [role for role in Role if role.value in names]
        return self._roles_cache

    def has_role(self, role: Role) -> bool:
        return self.is_superuser or role in self.roles()
