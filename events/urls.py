"""/events/calendar.ics: the subscribable feed (the pages themselves are Wagtail's)."""

from django.urls import path

from events import views

app_name = "events"
urlpatterns = [path("calendar.ics", views.calendar_feed, name="calendar")]
