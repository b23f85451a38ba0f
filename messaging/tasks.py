from django.tasks import task

from .models import RETRY_DELAYS, Message


@task(queue_name="mail")
def deliver_message(message_id):
    """Send one message; if the mail server fails, try again a little later."""
    message = Message.objects.filter(pk=message_id).first()
    if message is None or message.deliver():
        return
    message.refresh_from_db()
    if message.status == Message.Status.PENDING and message.attempts < len(
        RETRY_DELAYS
    ):
        deliver_message.using(run_after=message.next_attempt_at).enqueue(message_id)
