from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    """The fiscal year in numbers (issue 20): indicators, targets, figures,
    the admin dashboard and the 事業実施報告書 export.

    It sits high in the layers and imports the apps it counts: its site counts
    (``counts.py``) read organisations, write-ups, the forum, subcommittees,
    events, search and ニーズ×シーズ (exchange). Those apps never import kpi;
    only an app above it could add counts from a ``kpi_indicators.py`` module
    (``registry.py``).
    """

    name = "kpi"
    verbose_name = _("事業の数字")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import page_cache
        from kpi import counts, models, panels, receivers

        # The home page shows the published figures: a change of what they are
        # made of is a change of a public page. Not SearchDay (counted on
        # every search, shown nowhere public), nor MonthlyFigure: the hourly
        # job replaces those in bulk and bumps the version itself when a
        # figure moved (services.materialise).
        page_cache.register(
            models.Indicator,
            models.IndicatorPeriod,
            models.AreaTarget,
            models.HandEntry,
            models.ReportedYear,
        )
        counts.register_all()
        autodiscover_modules("kpi_indicators")
        receivers.connect()
        panels.register()
