from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("サイト基盤")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from cms.middleware import record_second_factor_on_activation

        authenticator_added.connect(
            record_second_factor_on_activation, dispatch_uid="cms_second_factor_on_activation"
        )
