"""/events/calendar.ics (public events), a member's own feed and its page (the pages
themselves are Wagtail's)."""

from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("calendar/<str:token>.ics", views.personal_calendar, name="personal_calendar"),
    path("my-calendar/", views.my_calendar, name="my_calendar"),
]
