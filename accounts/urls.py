from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("data/", views.your_data, name="data"),
    path("data/export/", views.export_data, name="data-export"),
    path("delete/", views.delete_account, name="delete"),
]
