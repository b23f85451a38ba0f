"""Invalidate the anonymous page cache when anything a page shows changes."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver

from .cache import new_generation
from .models import (
    ActionAxis,
    ExpertOpinion,
    Follow,
    FundingSource,
    Organisation,
    Partnership,
    Practice,
    PracticeItem,
    Topic,
)

CONTENT_MODELS = [
    Practice,
    Organisation,
    Topic,
    Partnership,
    ActionAxis,
    FundingSource,
    PracticeItem,
    ExpertOpinion,
    Follow,
]
# What followers lists show of a person.
PUBLIC_USER_FIELDS = {
    "display_name",
    "job_title",
    "organisation",
    "country",
    "is_listed_as_follower",
    "is_active",
}


def content_changed(**kwargs):
    new_generation()


for model in CONTENT_MODELS:
    post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model}")
    post_delete.connect(
        content_changed, sender=model, dispatch_uid=f"cache-del-{model}"
    )
m2m_changed.connect(
    content_changed, sender=Practice.topics.through, dispatch_uid="cache-topics"
)


@receiver(post_save, sender=get_user_model(), dispatch_uid="cache-user")
def user_changed(sender, update_fields=None, **kwargs):
    # A login only updates last_login, which no page shows.
    if update_fields is None or PUBLIC_USER_FIELDS & set(update_fields):
        new_generation()


@receiver(post_delete, sender=get_user_model(), dispatch_uid="cache-user-del")
def user_deleted(**kwargs):
    new_generation()


# Sent by the code that changes a practice in a way its followers should hear
# about (an update by its author, a new expert opinion, its publication); the
# notifications app listens. Arguments: ``practice`` and ``kind`` ("updated",
# "opinion" or "published").
practice_changed = Signal()
