from django.urls import path

from . import views
from .cache import anonymous_page_cache

app_name = "practices"

urlpatterns = [
    path("", anonymous_page_cache(views.PracticeListView.as_view()), name="list"),
    path(
        "<slug:slug>/",
        anonymous_page_cache(views.PracticeDetailView.as_view()),
        name="detail",
    ),
]
