from django.tasks import task

from .models import Frequency
from .services import notices_deliver


@task(queue_name="mail")
def send_immediate_notices(user_id):
    """E-mail a user who wants to hear at once about their unsent notices.

    A failure (mail server down) fails the task and leaves the notices unsent
    for `manage.py send_pending_notices`.
    """
    return notices_deliver(user_id=user_id, frequency=Frequency.IMMEDIATELY)
