from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Members report content (通報); coordinators and the secretariat review it.

    The app knows no domain model: each app declares what of its own may be
    reported in its ``report_kinds.py`` (``registry.py``), imported here.
    """

    name = "reports"
    verbose_name = _("通報")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        autodiscover_modules("report_kinds")
