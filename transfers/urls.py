from django.urls import path

from . import views

app_name = "transfers"

urlpatterns = [
    path("practice/<slug:slug>/record/", views.record, name="record"),
    path("practice/<slug:slug>/consider/", views.consider, name="consider"),
    path("practice/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/stage/", views.change_stage, name="stage"),
    path("<int:pk>/contact/", views.contact, name="contact"),
    path("interest/<int:pk>/write/", views.write, name="write"),
]
