"""Personal data in ニーズ×シーズ (privacy.registry): who wrote listings and messages.

A listing is its organisation's (its text describes what the organisation
needs or offers); who created it is kept (``created_by``, emptied when the
account goes). Messages between organisations are written by people and
may name people: they are exported to their author and erased (text
replaced) when the author's account is deleted.
"""

from django.utils.translation import gettext_lazy as _

from privacy import registry

from .models import DigestSetting, Listing, Message, Thread

registry.register(Listing, ["created_by"], purpose=_("ニーズ・シーズを作成した人"))
registry.register(Thread, ["started_by"], purpose=_("やりとりを始めた人"))
registry.register(Message, ["author", "body"], purpose=_("団体どうしのやりとり（ニーズ×シーズ）"))
registry.register(DigestSetting, ["user"], purpose=_("マッチのお知らせメールの設定"))


@registry.exporter(
    "exchange_messages",
    _("ニーズ×シーズのメッセージ"),
    labels={"listing": _("ニーズ・シーズ"), "body": _("メッセージ"), "created_at": _("送信日時")},
    order=60,
)
def export_messages(user):
    return [
        {
            "listing": message.thread.listing.title,
            "body": message.body,
            "created_at": message.created_at,
        }
        for message in Message.objects.filter(author=user).select_related("thread__listing")
    ]


@registry.eraser(order=130)
def erase_messages(user):
    """Their messages keep their place in the thread, without text or author."""
    Message.objects.filter(author=user).update(body="", author=None)
