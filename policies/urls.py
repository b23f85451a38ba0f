from django.urls import path

from . import views

app_name = "policies"

urlpatterns = [
    path("<int:pk>/", views.edit, name="edit"),
]
