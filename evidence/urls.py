from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("levels/", views.levels, name="levels"),
]
