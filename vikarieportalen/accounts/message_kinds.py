"""The SMS and e-mail accounts sends, as the outbox names them. Registered in AccountsConfig.ready."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vikarieportalen.accounts.login.sms_codes import CodeKind


class AccountsMessageKind(models.TextChoices):
    LOGIN_CODE = CodeKind.LOGIN.value, _("Login code")
    PASSWORD_RESET_CODE = CodeKind.RESET.value, _("Password reset code")
    MOBILE_CHANGE_CODE = CodeKind.MOBILE_CHANGE.value, _("Code for a new mobile number")
    ACTIVATION = "account_activation", _("Account activation")
    MOBILE_CHANGED = "mobile_changed_notice", _("Mobile number changed")
    EMAIL_CONFIRM = "email_change_confirm", _("Confirm an e-mail address")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_EXPIRY = "password_expiry", _("Password about to expire")
    PASSWORD_RESET_DONE = "password_reset_done", _("Password reset")
