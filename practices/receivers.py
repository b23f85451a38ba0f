"""Keep derived data true: the page cache's generation and the search columns.

Connected in ``PracticesConfig.ready()``.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

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


def user_changed(sender, update_fields=None, **kwargs):
    # A login only updates last_login, which no page shows.
    if update_fields is None or PUBLIC_USER_FIELDS & set(update_fields):
        new_generation()


def refresh_practices(sender, instance, raw=False, **kwargs):
    """Rebuild the search data of the practice(s) a saved row belongs to."""
    if isinstance(instance, Practice):
        practices = Practice.objects.filter(pk=instance.pk)
    elif isinstance(instance, Organisation):
        practices = Practice.objects.filter(
            pk__in=instance.partnerships.values("practice")
        ) | Practice.objects.filter(main_institution=instance)
    else:
        practices = Practice.objects.filter(pk=instance.practice_id)
    practices.refresh_search_vector()


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

    post_save.connect(refresh_practices, sender=Practice, dispatch_uid="search-p")
    for model in (Organisation, Partnership, ActionAxis, PracticeItem):
        uid = f"search-{model.__name__}"
        post_save.connect(refresh_practices, sender=model, dispatch_uid=uid)
        if model is not Organisation:
            post_delete.connect(
                refresh_practices, sender=model, dispatch_uid=f"{uid}-del"
            )
