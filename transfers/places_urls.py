"""The organisation and region pages (``transfers/places.py``), at the root."""

from django.urls import path

from practices.cache import anonymous_page_cache

from . import places

app_name = "places"

urlpatterns = [
    path(
        "organisations/<int:pk>/",
        anonymous_page_cache(places.organisation),
        name="organisation",
    ),
    path("regions/<str:code>/", anonymous_page_cache(places.region), name="region"),
]
