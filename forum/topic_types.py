"""The topic composer's choice of topic type, in plain words.

machina labels the types "Default topic", "Sticky" and "Announce", which its
Japanese catalogue renders as jargon (「デフォルトトピック」). The composer
offers them as radio buttons with plain labels, and not at all to a member who
may only post ordinary topics.

(Not named ``forms``: machina's class loader would take ``forum.forms`` for an
override of its own ``forum`` app's forms.)
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from machina.apps.forum_conversation.forms import TopicForm
from machina.core.db.models import get_model

Topic = get_model("forum_conversation", "Topic")

PLAIN_LABELS = {
    Topic.TOPIC_POST: _("通常のトピック"),
    Topic.TOPIC_STICKY: _("上に固定するトピック"),
    Topic.TOPIC_ANNOUNCE: _("お知らせ（一覧の先頭に別枠で表示）"),
}


class PlainTopicForm(TopicForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["topic_type"]
        choices = [(value, PLAIN_LABELS.get(value, label)) for value, label in field.choices]
        if len(choices) < 2:
            # Only ordinary topics: nothing to choose (machina then posts one).
            del self.fields["topic_type"]
            return
        field.label = _("トピックの種類")
        field.choices = choices
        field.widget = forms.RadioSelect(choices=choices)
        if field.initial is None:
            field.initial = Topic.TOPIC_POST
