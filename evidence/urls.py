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
    path("videos/<int:pk>/", views.video, name="video"),
    path("videos/<int:pk>/delete/", views.video_delete, name="video-delete"),
    path("<int:pk>/still-true/", views.confirm, name="confirm"),
    path("unconfirmed/", views.unconfirmed, name="unconfirmed"),
]
