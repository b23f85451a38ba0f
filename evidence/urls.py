from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("levels/", views.levels, name="levels"),
    path("<int:pk>/documents/", views.documents, name="documents"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document-delete"),
    path("images/<int:pk>/<int:width>/", views.image, name="image"),
    path("images/<int:pk>/delete/", views.image_delete, name="image-delete"),
]
