from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubcommitteesConfig(AppConfig):
    name = "subcommittees"
    verbose_name = _("分科会")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import panels

        # The 分科会 card of the home page's 会員団体とつながる section.
        panels.register(
            "home_network",
            "subcommittees",
            template="subcommittees/panels/subcommittees_card.html",
            order=30,
        )
