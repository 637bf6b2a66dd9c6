"""Personal data in practices (privacy.registry): who wrote a write-up.

A write-up (取組事例) belongs to its organisation: when its author's data is
deleted, the page keeps its organisation and loses its owner (privacy's
eraser of Wagtail's ``Page.owner``).
"""

from django.utils.translation import gettext_lazy as _

from practices.models import PracticePage, PracticePartner
from privacy import registry

registry.not_personal(PracticePartner, ["name"], reason="a partner organisation's name")


@registry.exporter(
    "practices",
    _("あなたが書いた取組事例"),
    labels={
        "title": _("タイトル"),
        "organisation": _("団体"),
        "live": _("公開中"),
        "first_published_at": _("公開日時"),
        "latest_revision_created_at": _("最終更新"),
    },
    order=50,
)
def export_practices(user):
    return [
        {
            "title": page.title,
            "organisation": page.organisation.name if page.organisation else "",
            "live": page.live,
            "first_published_at": page.first_published_at,
            "latest_revision_created_at": page.latest_revision_created_at,
        }
        for page in PracticePage.objects.filter(owner=user)
        .select_related("organisation")
        .order_by("pk")
    ]
