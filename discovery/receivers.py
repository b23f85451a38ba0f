from functools import partial

from django.db import transaction
from django.dispatch import receiver

from practices.signals import practice_changed

from .services import search_alerts_create
from .tasks import send_immediate_search_alerts


@receiver(practice_changed, dispatch_uid="discovery-search-alerts")
def alert_saved_searches(sender, practice, kind, **kwargs):
    """On publication, alert the saved searches the practice matches."""
    if kind != "published":
        return
    for user_id in search_alerts_create(practice=practice):
        transaction.on_commit(partial(send_immediate_search_alerts.enqueue, user_id))
