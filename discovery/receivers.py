from functools import partial

from django.db import transaction
from django.dispatch import receiver

from following.tasks import send_immediate_notices
from practices.signals import practice_changed

from .services import new_practice_notices


@receiver(practice_changed, dispatch_uid="discovery-new-practice-notices")
def tell_who_asked(sender, practice, kind, **kwargs):
    """On publication, notify the members whose saved searches or topics match."""
    if kind != "published":
        return
    for user_id in new_practice_notices(practice=practice):
        # Only once committed: the worker must see the notices.
        transaction.on_commit(partial(send_immediate_notices.enqueue, user_id))
