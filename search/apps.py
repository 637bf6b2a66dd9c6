from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The site search: analysis, backends, ranking, the search page, and the
    registry of searchable kinds (``registry.py``), which each app fills from
    its own ``search_kinds.py``.

    Its label is ``sitesearch``: ``search`` alone reads like Wagtail's, and
    machina already has ``forum_search``.
    """

    name = "search"
    label = "sitesearch"
    verbose_name = _("サイト内検索")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import indexing

        autodiscover_modules("search_kinds")
        indexing.connect()
