from django.db import transaction
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


def queue_for_delivery(message, *, practice, sender, recipient):
    """Store the new ``message`` from ``sender``; the worker then delivers it.

    It is sent once safely stored; if the mail server is down it stays stored,
    pending, until a later attempt.
    """
    message.practice = practice
    message.sender = sender
    message.sender_name = str(sender)
    message.sender_email = sender.email
    message.recipient = recipient
    with transaction.atomic():
        message.save()
        transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
    return message
