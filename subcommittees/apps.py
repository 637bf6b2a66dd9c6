from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubcommitteesConfig(AppConfig):
    name = "subcommittees"
    verbose_name = _("分科会")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from events import owners as event_owners
        from forum import owners
        from subcommittees import (
            forum_sync,  # noqa: F401 (signal receivers)
            panels,
        )
        from subcommittees.event_owner import SubcommitteeMeetings
        from subcommittees.forum_owner import SubcommitteeForums

        owners.register(SubcommitteeForums())
        event_owners.register(SubcommitteeMeetings())
        panels.register()
