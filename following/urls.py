from django.urls import path

from . import views

app_name = "following"

urlpatterns = [
    path("following/<slug:slug>/follow/", views.follow, name="follow"),
    path("following/<slug:slug>/unfollow/", views.unfollow, name="unfollow"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "following/preferences/",
        views.preferences,
        name="preferences",
    ),
    path(
        "following/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="unsubscribe",
    ),
    path(
        "following/unsubscribe/<str:token>/one-click/",
        views.unsubscribe_one_click,
        name="unsubscribe-one-click",
    ),
]
