from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("会員団体")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from organisations import panels, receivers

        panels.register()
        receivers.connect()
