from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumIntegrationConfig(AppConfig):
    """Our integration of django-machina.

    machina's own ``machina.apps.forum`` already holds the app label "forum",
    so this app is labelled ``tsunagari_forum``.
    """

    name = "forum"
    label = "tsunagari_forum"
    verbose_name = _("フォーラム連携")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signal receivers: attachment names and checks; notifications.
        from forum import (  # noqa: F401
            attachments,
            names,
            notifications,
            panels,
            permission_rows,
            viewing,
        )

        names.install()
        viewing.install()
        permission_rows.install()
        panels.register()
