"""/subcommittees/: the subcommittees (分科会) and their members."""

from django.urls import path

from . import views

app_name = "subcommittees"

urlpatterns = [
    path("", views.subcommittee_list, name="list"),
    path("<slug:slug>/", views.subcommittee_detail, name="detail"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/request/", views.request_to_join, name="request"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/notifications/", views.set_notify, name="notify"),
    path("<slug:slug>/invitation/", views.answer_invitation, name="answer_invitation"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path("<slug:slug>/manage/invite/", views.invite, name="invite"),
    path("<slug:slug>/manage/moderation/", views.set_moderation, name="moderation"),
    path(
        "<slug:slug>/manage/requests/<int:pk>/accept/",
        views.decide_request,
        {"decision": "accept"},
        name="accept_request",
    ),
    path(
        "<slug:slug>/manage/requests/<int:pk>/decline/",
        views.decide_request,
        {"decision": "decline"},
        name="decline_request",
    ),
    path("<slug:slug>/manage/members/<int:pk>/remove/", views.remove_member, name="remove_member"),
    path("<slug:slug>/meetings/", views.meeting_list, name="meeting_list"),
    path("<slug:slug>/meetings/new/", views.meeting_edit, name="meeting_add"),
    path("<slug:slug>/meetings/schedule/", views.meeting_schedule, name="meeting_schedule"),
    path(
        "<slug:slug>/meetings/<int:pk>/schedule/",
        views.meeting_schedule,
        name="meeting_reschedule",
    ),
    path("<slug:slug>/meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<slug:slug>/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<slug:slug>/meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("<slug:slug>/meetings/<int:pk>/documents/new/", views.document_add, name="document_add"),
    path(
        "<slug:slug>/meetings/<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/documents/<int:document_pk>/delete/",
        views.document_delete,
        name="document_delete",
    ),
]
