from django.urls import path

from opendata.views import practice_csv

from . import views
from .cache import anonymous_page_cache

app_name = "practices"

urlpatterns = [
    path("", anonymous_page_cache(views.PracticeSearchView.as_view()), name="list"),
    path("export.csv", practice_csv, name="export-csv"),
    path(
        "<slug:slug>/",
        anonymous_page_cache(views.PracticeDetailView.as_view()),
        name="detail",
    ),
]
