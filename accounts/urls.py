from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("data/", views.data, name="data"),
    path("data/export/", views.data_export, name="data-export"),
    path("delete/", views.delete, name="delete"),
]
