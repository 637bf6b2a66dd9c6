"""Personal data in the forums (privacy.registry): machina's profiles, posts and tracks.

A deleted member's posts stay, so discussions keep making sense; the account
behind them is scrubbed and ``forum.names`` shows 「退会したユーザー」 for it.
"""

from django.utils.translation import gettext_lazy as _

from machina.core.db.models import get_model

from forum.models import NotificationDelivery
from privacy import registry

ForumProfile = get_model("forum_member", "ForumProfile")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")
TopicPollVote = get_model("forum_polls", "TopicPollVote")
UserForumPermission = get_model("forum_permission", "UserForumPermission")

POSTS_STAY = registry.Retention(
    _(
        "投稿は議論の記録として残します。削除の申し出を確認すると、"
        "投稿者は「退会したユーザー」と表示されます。"
    ),
)

registry.register(
    ForumProfile, ["user", "avatar", "signature"], purpose=_("フォーラムの署名と画像")
)
registry.register(
    Post,
    ["poster", "username", "anonymous_key", "updated_by", "content"],
    retention=POSTS_STAY,
    purpose=_("フォーラムの投稿"),
)
registry.register(
    Topic, ["poster", "subscribers"], retention=POSTS_STAY, purpose=_("フォーラムのトピック")
)
registry.register(ForumReadTrack, ["user"], purpose=_("既読の記録"))
registry.register(TopicReadTrack, ["user"], purpose=_("既読の記録"))
registry.register(TopicPollVote, ["voter", "anonymous_key"], purpose=_("投票"))
registry.register(UserForumPermission, ["user"], purpose=_("個人に与えたフォーラムの権限"))
registry.register(NotificationDelivery, ["user"], purpose=_("投稿の通知を送った記録"))


@registry.exporter(
    "forum_profile",
    _("フォーラムのプロフィール"),
    labels={"signature": _("署名"), "avatar": _("画像"), "posts_count": _("投稿数")},
    order=40,
)
def export_profile(user):
    profile = ForumProfile.objects.filter(user=user).first()
    if profile is None:
        return []
    return [
        {
            "signature": profile.signature.raw if profile.signature else "",
            "avatar": profile.avatar.name if profile.avatar else "",
            "posts_count": profile.posts_count,
        }
    ]


@registry.exporter(
    "forum_topics",
    _("フォーラムで立てたトピック"),
    labels={"subject": _("件名"), "forum": _("フォーラム"), "created": _("作成日時")},
    order=41,
)
def export_topics(user):
    return [
        {"subject": topic.subject, "forum": topic.forum.name, "created": topic.created}
        for topic in Topic.objects.filter(poster=user).select_related("forum").order_by("pk")
    ]


@registry.exporter(
    "forum_posts",
    _("フォーラムの投稿"),
    labels={
        "topic": _("トピック"),
        "subject": _("件名"),
        "content": _("本文"),
        "approved": _("公開済み"),
        "created": _("投稿日時"),
        "updated": _("更新日時"),
    },
    order=42,
)
def export_posts(user):
    return [
        {
            "topic": post.topic.subject,
            "subject": post.subject,
            "content": post.content.raw if post.content else "",
            "approved": post.approved,
            "created": post.created,
            "updated": post.updated,
        }
        for post in Post.objects.filter(poster=user).select_related("topic").order_by("pk")
    ]


@registry.eraser(order=200)
def erase_forum_data(user):
    """Profile, subscriptions, tracks and notifications go; the posts stay, unnamed."""
    for profile in ForumProfile.objects.filter(user=user):
        if profile.avatar:
            profile.avatar.delete(save=False)
        ForumProfile.objects.filter(pk=profile.pk).update(
            signature="", _signature_rendered="", avatar=""
        )
    user.topic_subscriptions.clear()
    ForumReadTrack.objects.filter(user=user).delete()
    TopicReadTrack.objects.filter(user=user).delete()
    UserForumPermission.objects.filter(user=user).delete()
    NotificationDelivery.objects.filter(user=user).delete()
    Post.objects.filter(poster=user).update(username=None)
