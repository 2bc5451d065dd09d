from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "azat.core"
    verbose_name = _("Data protection core")

    def ready(self) -> None:
        from azat.core import keys
        from azat.core.crypto import KeyConfigError
        from config.env import ConfigError

        try:
            keys.keyring()
            keys.lookup_key()
        except KeyConfigError as exc:
            raise ConfigError(str(exc)) from exc
