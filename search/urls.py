from django.urls import path

from cms.search import views

urlpatterns = [path("", views.search, name="search")]
