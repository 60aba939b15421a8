from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_groups(sender: AppConfig, **kwargs: Any) -> None:
    # post_migrate is sent once per app; permissions of every app exist only after the last one.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return
    from vikarieportalen.accounts.services import role_groups_sync

    role_groups_sync()


class AccountsConfig(AppConfig):
    name = "vikarieportalen.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
        from vikarieportalen.audit.kinds import audit_kinds_register

        audit_kinds_register(AccountsAuditKind)

        from vikarieportalen.accounts.message_kinds import AccountsMessageKind
        from vikarieportalen.notifications.kinds import message_kinds_register

        message_kinds_register(AccountsMessageKind)

        post_migrate.connect(_sync_role_groups, dispatch_uid="accounts_role_groups")
        self._register_scheduled_jobs()
        self._connect_auth_signals()

    def _connect_auth_signals(self) -> None:
        # Audit and the session table for every login method (password, SMS, e-ID, staff card).
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from vikarieportalen.accounts.login.signals import (
            on_user_logged_in,
            on_user_logged_out,
            on_user_login_failed,
        )

        user_logged_in.connect(on_user_logged_in, dispatch_uid="accounts_audit_logged_in")
        user_login_failed.connect(on_user_login_failed, dispatch_uid="accounts_audit_login_failed")
        user_logged_out.connect(on_user_logged_out, dispatch_uid="accounts_audit_logged_out")

    def _register_scheduled_jobs(self) -> None:
        import datetime as dt

        from vikarieportalen.accounts.passwords.services import password_expiry_reminders_send
        from vikarieportalen.notifications.jobs.scheduler import Job, job_register

        job_register(
            Job("accounts.password_expiry_reminders", dt.timedelta(days=1), password_expiry_reminders_send)
        )
