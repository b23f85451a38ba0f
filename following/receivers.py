from functools import partial

from django.db import transaction
from django.dispatch import receiver

from practices.signals import practice_changed

from .models import Notice
from .services import change_key_for, notices_create
from .tasks import send_immediate_notices


@receiver(practice_changed, dispatch_uid="following-notices")
def tell_followers(sender, practice, kind, opinion=None, change_key=None, **kwargs):
    """Write a notice per follower; e-mail those who want it at once.

    Senders may pass ``change_key`` (or the ``opinion``) to name the change;
    by default it is the kind and the practice's ``updated_at``.
    """
    if kind not in Notice.Kind.values:
        raise ValueError(f"Unknown practice change kind: {kind!r}")
    key = change_key or change_key_for(practice=practice, kind=kind, opinion=opinion)
    for user_id in notices_create(practice=practice, kind=kind, change_key=key):
        # Only once the change is committed: the worker must see the notices.
        transaction.on_commit(partial(send_immediate_notices.enqueue, user_id))
