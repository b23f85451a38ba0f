from django.urls import path

from . import views

app_name = "following"

urlpatterns = [
    path("practices/<slug:slug>/follow/", views.follow, name="follow"),
    path("practices/<slug:slug>/unfollow/", views.unfollow, name="unfollow"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
