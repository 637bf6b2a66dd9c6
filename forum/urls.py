"""Our views at machina's own paths; cms/urls.py includes these before machina's.

(No ``urlpatterns_factory`` here: machina's class loader would take it for an
override of its own forum URLs.)
"""

from django.urls import path

from cms.search import views as search_views
from forum import views

topic_paths = "forum/<str:forum_slug>-<int:forum_pk>/topic/"

urlpatterns = [
    path("member/profile/<str:pk>/posts/", views.MemberPostsView.as_view()),
    path("member/subscriptions/", views.SubscriptionListView.as_view()),
    path("attachment/<int:pk>/", views.AttachmentDownloadView.as_view()),
    path(f"{topic_paths}<str:slug>-<int:pk>/", views.HeldAwareTopicView.as_view()),
    path(f"{topic_paths}create/", views.SafeTopicCreateView.as_view()),
    path(f"{topic_paths}<str:slug>-<int:pk>/update/", views.SafeTopicUpdateView.as_view()),
    path(
        f"{topic_paths}<str:topic_slug>-<int:topic_pk>/post/create/",
        views.SafePostCreateView.as_view(),
    ),
    path(
        f"{topic_paths}<str:topic_slug>-<int:topic_pk>/<int:pk>/post/update/",
        views.SafePostUpdateView.as_view(),
    ),
    path("feeds/topics/", views.TopicsFeed()),
    path("feeds/forum/<str:forum_slug>-<int:forum_pk>/topics/", views.TopicsFeed()),
    path(
        "feeds/forum/<str:forum_slug>-<int:forum_pk>/topics/all/",
        views.TopicsFeed(),
        {"descendants": True},
    ),
    path("search/", search_views.forum_search, name="forum_search"),
    path("search/", views.ForumSearchView.as_view(), name="forum_search_safe"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="forum_unsubscribe"),
]
