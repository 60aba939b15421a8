"""The accounts app's models, one module per aggregate; imported here so Django finds them."""

from vikarieportalen.accounts.models.mobile_change import MobileChange
from vikarieportalen.accounts.models.password_history import PasswordHistory
from vikarieportalen.accounts.models.reset import PasswordResetAttempt
from vikarieportalen.accounts.models.sessions import UserSession
from vikarieportalen.accounts.models.users import PortalUserManager, User, validate_mobile_e164

__all__ = [
    "MobileChange",
    "PasswordHistory",
    "PasswordResetAttempt",
    "PortalUserManager",
    "User",
    "UserSession",
    "validate_mobile_e164",
]
