"""What accounts writes to the audit log: identity events. Registered in AccountsConfig.ready."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountsAuditKind(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGIN_THROTTLED = "login_throttled", _("Login throttled")
    LOGOUT = "logout", _("Logged out")
    LOGOUT_EVERYWHERE = "logout_everywhere", _("Logged out everywhere")
    STEP_UP = "step_up", _("Raised assurance")
    SMS_CODE_CAPPED = "sms_code_capped", _("SMS code refused: limit reached")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_EXPIRED = "password_expired", _("Password expired")
    PASSWORD_EXPIRY_REMINDED = "password_expiry_reminded", _("Reminded of password expiry")
    RESET_REQUESTED = "reset_requested", _("Password reset requested")
    RESET_COMPLETED = "reset_completed", _("Password reset completed")
    RESET_FAILED = "reset_failed", _("Password reset code wrong")
    ACCOUNT_CREATED = "account_created", _("Account created")
    ACCOUNT_ACTIVATED = "account_activated", _("Account activated")
    ACTIVATION_SENT = "activation_sent", _("Activation link sent again")
    MOBILE_CHANGED = "mobile_changed", _("Mobile number changed")
    EMAIL_CHANGED = "email_changed", _("E-mail changed")
