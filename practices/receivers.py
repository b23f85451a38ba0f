"""Keep the page cache true: saved content retires the pages that show it.

A change to one practice (its row or a part: partner, axis, item, opinion,
follow, and the other apps' transfers and evidence) retires that practice's
page and the lists; a change to what many pages show (a topic, an
organisation, a follower's public name, a practice's title or status) retires
every page. Connected in ``PracticesConfig.ready()``. The generations change
only once the transaction commits (``invalidate_after_commit``). The search
columns are not kept here, row by row: the code that changes a practice
rebuilds them once, after the commit (``PracticeQuerySet.refresh_search_after_commit``).
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


def content_changed(sender, instance=None, using=None, **kwargs):
    """Retire the pages that show ``instance``: its practice's, or all of them."""
    if isinstance(instance, Practice):
        invalidate_after_commit(
            slugs=[instance.slug],
            site=instance.shown_elsewhere_changed(),
            using=using,
        )
    elif (practice_pk := practice_of(instance)) is not None:
        invalidate_after_commit(practice_pks=[practice_pk], using=using)
    else:
        # Shown on many practices' pages (a topic, an organisation, a person).
        invalidate_after_commit(site=True, using=using)


def practice_of(instance):
    """The practice a part belongs to (``practice_id``), if it belongs to one."""
    return getattr(instance, "practice_id", None)


def topics_changed(sender, instance, action, reverse, pk_set, using=None, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:
        # Topic.practices changed: the practices in pk_set, or all on a clear.
        invalidate_after_commit(
            practice_pks=pk_set or [], site=pk_set is None, using=using
        )
    else:
        invalidate_after_commit(practice_pks=[instance.pk], using=using)


def user_changed(sender, created=False, update_fields=None, using=None, **kwargs):
    # No page shows a new member yet; a login only updates last_login.
    if created:
        return
    if update_fields is None or PUBLIC_USER_FIELDS & set(update_fields):
        invalidate_after_commit(site=True, using=using)


def user_deleted(sender, using=None, **kwargs):
    invalidate_after_commit(site=True, using=using)


def connect():
    for model in CONTENT_MODELS:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model}")
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"cache-del-{model}"
        )
    m2m_changed.connect(
        topics_changed, sender=Practice.topics.through, dispatch_uid="cache-topics"
    )
    User = get_user_model()
    post_save.connect(user_changed, sender=User, dispatch_uid="cache-user")
    post_delete.connect(user_deleted, sender=User, dispatch_uid="cache-user-del")
