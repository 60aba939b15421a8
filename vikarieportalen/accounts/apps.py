from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_groups(sender: AppConfig, **kwargs: Any) -> None:
    # post_migrate is sent once per app; permissions of every app exist only after the last one.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return
    from .services import role_groups_sync

    role_groups_sync()


class AccountsConfig(AppConfig):
    name = "vikarieportalen.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        post_migrate.connect(_sync_role_groups, dispatch_uid="accounts_role_groups")
