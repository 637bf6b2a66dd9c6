from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("ニーズ×シーズ")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import page_cache
        from exchange import panels, receivers  # noqa: F401
        from exchange.models import Listing

        panels.register()
        # The home page shows highlighted listings and /exchange/ the public
        # ones to anonymous readers: a listing's save, delete or change of its
        # target groups makes every cached page out of date. Threads, messages
        # and matches are never shown to an anonymous reader.
        page_cache.register(Listing)
