from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site (``manage.py load_demo``): data files in ``demo/data/`` and their loader.

    Installed everywhere so that the command is always listed; importing the
    app needs nothing beyond the production dependencies. The loader's own
    libraries (reportlab, PyYAML: the ``demo`` dependency group) are imported
    only when the command runs. No models, so no verbose name to translate.
    """

    name = "demo"
    default_auto_field = "django.db.models.BigAutoField"
