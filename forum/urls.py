"""Our views at machina's own paths, then all of machina's, each behind forum.guard.

cms/urls.py includes these before machina's own URLs, which stay only so that
machina's names keep reversing: every request is answered here. Each view of
machina's paths (ours and machina's) goes through ``guard``, so a refusal in a
forum the visitor may not read is a 404.

(No ``urlpatterns_factory`` here: machina's class loader would take it for an
override of its own forum URLs.)
"""

from django.urls import URLPattern, URLResolver, path

from machina import urls as machina_urls

from forum import moderation, views
from forum.guard import guard

topic_paths = "forum/<str:forum_slug>-<int:forum_pk>/topic/"
moderation_topic = "moderation/topic/<str:slug>-<int:pk>/"


def guarded(patterns, namespace=""):
    """machina's URL patterns with every view behind ``guard``, without names.

    (Unnamed and without namespaces: machina's own include keeps those, and
    Django warns about a namespace included twice.)
    """
    copies = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            copies.append(URLResolver(pattern.pattern, guarded(pattern.url_patterns, inner)))
        elif isinstance(pattern, URLPattern):
            view = guard(f"{namespace}:{pattern.name}", pattern.callback)
            copies.append(URLPattern(pattern.pattern, view, pattern.default_args))
    return copies


urlpatterns = [
    path(
        "member/profile/<str:pk>/posts/",
        guard("forum_member:user_posts", views.MemberPostsView.as_view()),
    ),
    path("member/subscriptions/", views.SubscriptionListView.as_view()),
    path(
        "attachment/<int:pk>/",
        guard("forum_conversation:attachment", views.AttachmentDownloadView.as_view()),
    ),
    path(
        f"{topic_paths}<str:slug>-<int:pk>/",
        guard("forum_conversation:topic", views.HeldAwareTopicView.as_view()),
    ),
    path(
        f"{topic_paths}create/",
        guard("forum_conversation:topic_create", views.SafeTopicCreateView.as_view()),
    ),
    path(
        f"{topic_paths}<str:slug>-<int:pk>/update/",
        guard("forum_conversation:topic_update", views.SafeTopicUpdateView.as_view()),
    ),
    path(
        f"{topic_paths}<str:topic_slug>-<int:topic_pk>/post/create/",
        guard("forum_conversation:post_create", views.SafePostCreateView.as_view()),
    ),
    path(
        f"{topic_paths}<str:topic_slug>-<int:topic_pk>/<int:pk>/post/update/",
        guard("forum_conversation:post_update", views.SafePostUpdateView.as_view()),
    ),
    path(
        f"{topic_paths}<str:topic_slug>-<int:topic_pk>/<int:pk>/post/delete/",
        guard("forum_conversation:post_delete", moderation.AuditedPostDeleteView.as_view()),
    ),
    # Moderation: machina's views, each writing an audit log entry (forum/moderation.py).
    path(
        f"{moderation_topic}lock/",
        guard("forum_moderation:topic_lock", moderation.AuditedTopicLockView.as_view()),
    ),
    path(
        f"{moderation_topic}unlock/",
        guard("forum_moderation:topic_unlock", moderation.AuditedTopicUnlockView.as_view()),
    ),
    path(
        f"{moderation_topic}delete/",
        guard("forum_moderation:topic_delete", moderation.AuditedTopicDeleteView.as_view()),
    ),
    path(
        f"{moderation_topic}move/",
        guard("forum_moderation:topic_move", moderation.AuditedTopicMoveView.as_view()),
    ),
    path(
        f"{moderation_topic}change/topic/",
        guard(
            "forum_moderation:topic_update_to_post", moderation.AuditedTopicToNormalView.as_view()
        ),
    ),
    path(
        f"{moderation_topic}change/sticky/",
        guard(
            "forum_moderation:topic_update_to_sticky", moderation.AuditedTopicToStickyView.as_view()
        ),
    ),
    path(
        f"{moderation_topic}change/announce/",
        guard(
            "forum_moderation:topic_update_to_announce",
            moderation.AuditedTopicToAnnounceView.as_view(),
        ),
    ),
    path(
        "moderation/queue/<int:pk>/approve/",
        guard("forum_moderation:approve_queued_post", moderation.AuditedPostApproveView.as_view()),
    ),
    path(
        "moderation/queue/<int:pk>/disapprove/",
        guard(
            "forum_moderation:disapprove_queued_post",
            moderation.AuditedPostDisapproveView.as_view(),
        ),
    ),
    path("feeds/topics/", views.TopicsFeed()),
    path("feeds/forum/<str:forum_slug>-<int:forum_pk>/topics/", views.TopicsFeed()),
    path(
        "feeds/forum/<str:forum_slug>-<int:forum_pk>/topics/all/",
        views.TopicsFeed(),
        {"descendants": True},
    ),
    path("search/", views.forum_search, name="forum_search"),
    path("search/", views.ForumSearchView.as_view(), name="forum_search_safe"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="forum_unsubscribe"),
    *guarded(machina_urls.urlpatterns),
]
