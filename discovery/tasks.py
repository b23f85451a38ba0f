from django.tasks import task

from following.models import Frequency

from .services import search_alerts_deliver


@task(queue_name="mail")
def send_immediate_search_alerts(user_id):
    """E-mail a member's unsent at-once alerts; a failure leaves them for later."""
    return search_alerts_deliver(user_id=user_id, frequency=Frequency.IMMEDIATELY)
