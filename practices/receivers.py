"""Keep the page cache true: any saved content retires every cached page.

Connected in ``PracticesConfig.ready()``. The generation changes only once the
transaction commits (``invalidate_after_commit``). The search columns are not
kept here, row by row: the code that changes a practice rebuilds them once,
after the commit (``PracticeQuerySet.refresh_search_after_commit``).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import invalidate_after_commit
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


def content_changed(using=None, **kwargs):
    invalidate_after_commit(using=using)


def user_changed(sender, update_fields=None, using=None, **kwargs):
    # A login only updates last_login, which no page shows.
    if update_fields is None or PUBLIC_USER_FIELDS & set(update_fields):
        invalidate_after_commit(using=using)


def connect():
    for model in CONTENT_MODELS:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model}")
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"cache-del-{model}"
        )
    m2m_changed.connect(
        content_changed, sender=Practice.topics.through, dispatch_uid="cache-topics"
    )
    User = get_user_model()
    post_save.connect(user_changed, sender=User, dispatch_uid="cache-user")
    post_delete.connect(content_changed, sender=User, dispatch_uid="cache-user-del")
