"""Practices' panel on the home page: the write-ups card of the 会員団体とつながる
section (see cms.panels)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms import panels, waiting
from organisations import access


def write_ups_in_review(user):
    """Write-ups submitted by members and not yet approved or sent back."""
    if not access.is_secretariat(user):
        return None
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import WorkflowState

    from practices.models import PracticePage

    return (
        WorkflowState.objects.active()
        .filter(content_type=ContentType.objects.get_for_model(PracticePage))
        .count()
    )


def register():
    waiting.register(
        "practices",
        label=_("審査中の取組事例"),
        count=write_ups_in_review,
        url=lambda: reverse("wagtailadmin_reports:workflow"),
        order=20,
    )
    panels.register(
        "home_network", "practices", template="practices/panels/practices_card.html", order=20
    )
