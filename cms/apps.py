from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("サイト基盤")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        # receivers: the audit log's account events (sign-ins, second factor).
        # Celery signals: a request's id follows it into the jobs it queues.
        from cms import (
            page_cache,
            receivers,  # noqa: F401
            request_id,  # noqa: F401
        )
        from cms.middleware import record_second_factor_on_activation
        from cms.page_forms import use_for_every_page_model
        from cms.site_address import sync_default_site

        use_for_every_page_model()
        # Any change of what public pages show makes the cached pages out of date.
        page_cache.connect_signals()
        post_migrate.connect(sync_default_site, sender=self, dispatch_uid="cms.sync_default_site")
        authenticator_added.connect(
            record_second_factor_on_activation, dispatch_uid="cms_second_factor_on_activation"
        )
