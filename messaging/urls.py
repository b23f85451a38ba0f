from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("contact/<slug:slug>/", views.contact, name="contact"),
    path("sent/", views.sent, name="sent"),
    path("inbox/", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
]
