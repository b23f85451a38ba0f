"""Who may use the messaging pages: contact an author, inbox, sent, one message."""

from django.urls import reverse

from messaging.models import Message
from tests.matrix import Row


def verified_readers_message(w):
    """A message from the verified reader to the author of the WECD practice."""
    sender = w.users["verified"]
    message = Message.objects.create(
        practice=w.practice,
        sender=sender,
        sender_name=str(sender),
        sender_email=sender.email,
        recipient=w.practice.author,
        subject="Matrix message",
        body="Only its sender and its recipient may read this.",
    )
    return reverse("messaging:detail", kwargs={"pk": message.pk})


ROWS = [
    Row(
        "messaging:contact",
        lambda w: reverse("messaging:contact", kwargs={"slug": w.practice.slug}),
        method="POST",
        data=lambda w: {"subject": "A question", "body": "How did you fund it?"},
        # Sent: a redirect to the message. The author may not write to themselves
        # and an unverified address must be verified first: a 403 page.
        anonymous=302,
        unverified=403,
        verified=302,
        expert=302,
        author=403,
        staff=302,
    ),
    Row(
        "messaging:inbox",
        lambda w: reverse("messaging:inbox"),
        anonymous=302,
        unverified=200,
        verified=200,
        expert=200,
        author=200,
        staff=200,
    ),
    Row(
        "messaging:sent",
        lambda w: reverse("messaging:sent"),
        anonymous=302,
        unverified=200,
        verified=200,
        expert=200,
        author=200,
        staff=200,
    ),
    Row(
        "messaging:detail",
        verified_readers_message,
        # Only the sender (verified) and the recipient (author): staff too get a 404.
        anonymous=302,
        unverified=404,
        verified=200,
        expert=404,
        author=200,
        staff=404,
    ),
]
