from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data rights (APPI 開示・訂正・削除) and retention.

    ``ready`` loads every app's ``personal_data.py``, which declares that
    app's personal data in ``privacy.registry``.
    """

    name = "privacy"
    verbose_name = _("個人情報")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        autodiscover_modules("personal_data")
