from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("サイト基盤")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The audit log's account events (sign-ins, second factor).
        from cms import receivers  # noqa: F401
