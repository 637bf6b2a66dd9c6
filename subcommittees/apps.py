from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubcommitteesConfig(AppConfig):
    name = "subcommittees"
    verbose_name = _("分科会")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from subcommittees import panels

        panels.register()
