"""Transfers change what the practice page shows: a new content generation.

Connected in ``TransfersConfig.ready()``, as practices/receivers.py is.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_delete

from practices.receivers import content_changed

from .models import StageChange, Transfer


def connect():
    connect_deletion()
    # Interests are private: no public page shows them.
    for model in (Transfer, StageChange):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model}")
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"cache-del-{model}"
        )


def forget_deleted_member(sender, instance, **kwargs):
    """Keep the organisation's transfers, but nobody can be contacted about them.

    The transfer is the organisation's public record; the member who recorded
    it is unlinked (SET_NULL), and their interests go with them (CASCADE).
    """
    Transfer.objects.filter(recorded_by=instance).update(is_contactable=False)


def connect_deletion():
    pre_delete.connect(
        forget_deleted_member,
        sender=get_user_model(),
        dispatch_uid="transfers-forget-member",
    )
