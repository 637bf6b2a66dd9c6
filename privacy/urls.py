from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("download/", views.download, name="download"),
    path("delete/", views.request_deletion, name="request_deletion"),
    path("delete/cancel/", views.cancel_deletion, name="cancel_deletion"),
]
