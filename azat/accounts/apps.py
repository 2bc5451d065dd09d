from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "azat.accounts"
    label = "accounts"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from azat.accounts import signals  # noqa: F401  (connects the audit receivers)
