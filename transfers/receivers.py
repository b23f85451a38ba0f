"""Transfers change what the practice page shows: a new content generation.

Connected in ``TransfersConfig.ready()``, as practices/receivers.py is.
"""

from django.db.models.signals import post_delete, post_save

from practices.receivers import content_changed

from .models import StageChange, Transfer


def connect():
    # Interests are private: no public page shows them.
    for model in (Transfer, StageChange):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model}")
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"cache-del-{model}"
        )
