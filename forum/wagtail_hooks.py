"""The forum's moderation actions in the audit log (forum/moderation.py records them)."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.log_actions import LogFormatter

from cms import audit
from forum import moderation

TOPIC_TYPES = {0: _("通常"), 1: _("上部に固定"), 2: _("お知らせ")}


class ForumLogFormatter(LogFormatter):
    """A message filled from the entry's data (forum, topic), with the client's address."""

    template = ""

    def values(self, data):
        return {
            "forum": data.get("forum_name", ""),
            "topic": data.get("topic_subject", ""),
        }

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return audit.with_ip(self.template % self.values(data), log_entry)


class TopicMoved(ForumLogFormatter):
    label = _("トピックの移動")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if data.get("locked"):
            template = _("「%(source)s」から「%(forum)s」へ移動し、ロックしました")
        else:
            template = _("「%(source)s」から「%(forum)s」へ移動しました")
        message = template % {
            "source": data.get("from_forum_name", ""),
            "forum": data.get("forum_name", ""),
        }
        return audit.with_ip(message, log_entry)


class TopicTypeChanged(ForumLogFormatter):
    label = _("トピックの種類の変更")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        message = _("「%(forum)s」のトピックの種類を「%(type)s」にしました") % {
            "forum": data.get("forum_name", ""),
            "type": TOPIC_TYPES.get(data.get("topic_type"), ""),
        }
        return audit.with_ip(message, log_entry)


class PostDeleted(ForumLogFormatter):
    label = _("投稿の削除")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if data.get("own"):
            template = _("「%(topic)s」の自分の投稿を削除しました")
        else:
            template = _("「%(topic)s」の投稿を削除しました")
        return audit.with_ip(template % self.values(data), log_entry)


def simple(label, template):
    return type("Formatter", (ForumLogFormatter,), {"label": label, "template": template})


@hooks.register("register_log_actions")
def register_moderation_actions(actions):
    formatters = {
        moderation.TOPIC_LOCKED: simple(
            _("トピックのロック"), _("「%(forum)s」のトピックをロックしました")
        ),
        moderation.TOPIC_UNLOCKED: simple(
            _("トピックのロック解除"), _("「%(forum)s」のトピックのロックを解除しました")
        ),
        moderation.TOPIC_DELETED: simple(
            _("トピックの削除"), _("「%(forum)s」のトピックを削除しました")
        ),
        moderation.TOPIC_MOVED: TopicMoved,
        moderation.TOPIC_TYPE_CHANGED: TopicTypeChanged,
        moderation.POST_APPROVED: simple(
            _("投稿の承認"), _("「%(topic)s」への承認待ちの投稿を承認しました")
        ),
        moderation.POST_DISAPPROVED: simple(
            _("投稿の却下"),
            _("「%(topic)s」への承認待ちの投稿を却下しました（投稿は削除されます）"),
        ),
        moderation.POST_DELETED: PostDeleted,
    }
    for action, formatter in formatters.items():
        actions.register_action(action)(formatter)
