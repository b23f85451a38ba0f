from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("levels/", views.levels, name="levels"),
    path("<int:pk>/documents/", views.documents, name="documents"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document-delete"),
]
