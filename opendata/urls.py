from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import views
from .feeds import PracticeFeed
from .sitemaps import SITEMAPS

app_name = "opendata"

urlpatterns = [
    path("api/practices/", views.practice_list, name="api-list"),
    path("api/practices/<slug:slug>/", views.practice_detail, name="api-detail"),
    path("api/openapi.json", views.openapi, name="openapi"),
    path("feeds/practices.atom", PracticeFeed(), name="feed"),
    # An index, so that 100,000 practices fit in 5,000-URL section pages.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "opendata:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]
