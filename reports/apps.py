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
        from django.urls import reverse

        from cms import waiting
        from reports import audit, registry, services  # noqa: F401 (audit: receivers)

        autodiscover_modules("report_kinds")
        waiting.register(
            "reports",
            label=_("通報"),
            count=lambda user: (
                services.open_count(user) if registry.roles.reviews_all(user) else None
            ),
            url=lambda: reverse("reports_admin_queue"),
            order=35,
        )
