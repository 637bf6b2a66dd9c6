from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("ニーズ×シーズ")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from exchange import panels, receivers  # noqa: F401

        panels.register()
