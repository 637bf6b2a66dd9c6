from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("相談窓口")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from support import panels

        panels.register()
