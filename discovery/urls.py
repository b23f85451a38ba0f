from django.urls import path

from practices.cache import anonymous_page_cache

from . import views

app_name = "discovery"

urlpatterns = [
    path("saved-searches/new/", views.saved_search_new, name="saved-search-new"),
    path(
        "saved-searches/<int:pk>/edit/",
        views.saved_search_edit,
        name="saved-search-edit",
    ),
    path(
        "saved-searches/<int:pk>/delete/",
        views.saved_search_delete,
        name="saved-search-delete",
    ),
    path(
        "saved-searches/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="unsubscribe",
    ),
    path(
        "saved-searches/unsubscribe/<str:token>/one-click/",
        views.unsubscribe_one_click,
        name="unsubscribe-one-click",
    ),
]

urlpatterns += [
    path("compare/", views.compare, name="compare"),
    path("compare.csv", views.compare_csv, name="compare-csv"),
    path("compare/choose/", views.compare_pick, name="compare-pick"),
    path("for-me/", views.for_me, name="for-me"),
    path("topics/follow/", views.topic_follow_view, name="topic-follow"),
    path("topics/unfollow/", views.topic_unfollow_view, name="topic-unfollow"),
    path("map/", anonymous_page_cache(views.europe_map), name="map"),
    path("map/locator/<str:code>.svg", views.locator, name="locator"),
]
