from django.urls import path

from . import proposals, translating, views

app_name = "publishing"

urlpatterns = [
    path("", views.my_practices, name="drafts"),
    path("new/", views.practice_new, name="new"),
    path("<int:pk>/step/<int:number>/", views.practice_step, name="step"),
    path(
        "<int:pk>/translation/",
        translating.practice_translation,
        name="translation",
    ),
    path("<int:pk>/submit/", views.practice_submit, name="submit"),
    path("<int:pk>/withdraw/", views.practice_withdraw, name="withdraw"),
    path("<int:pk>/preview/", views.practice_preview, name="preview"),
    path(
        "<int:pk>/changes/withdraw/",
        proposals.proposal_withdraw,
        name="proposal-withdraw",
    ),
    path(
        "<int:pk>/changes/publish-minor/",
        proposals.proposal_publish_minor,
        name="proposal-minor",
    ),
    path("queue/", views.review_queue, name="queue"),
    path("<int:pk>/review/", views.practice_review, name="review"),
    path("<int:pk>/opinion/", views.opinion_edit, name="opinion"),
    path("<int:pk>/revisions/", views.revision_list, name="revisions"),
    path("revisions/<int:pk>/restore/", views.revision_restore, name="restore"),
]
