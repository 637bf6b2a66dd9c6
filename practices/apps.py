from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("取組事例")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from practices import panels, receivers

        receivers.connect()
        panels.register()
