"""Matrix rows for messages to authors."""

from django.urls import reverse

from messaging.models import Message
from tests.matrix import Row
from tests.matrix.rows_core import everyone, signed_in_only


def contact_url(w):
    return reverse("messaging:contact", kwargs={"slug": w.practice.slug})


def message_to_the_author(w):
    """A message the verified user wrote to the demo practice's author."""
    message = Message.objects.create(
        practice=w.practice,
        sender=w.users["verified"],
        sender_name="Verified Reader",
        sender_email=w.users["verified"].email,
        recipient=w.users["author"],
        subject="A question",
        body="How did you start?",
    )
    return message.get_absolute_url()


ROWS = [
    Row("messaging:inbox", lambda w: reverse("messaging:inbox"), **signed_in_only()),
    Row("messaging:sent", lambda w: reverse("messaging:sent"), **signed_in_only()),
    Row(
        "messaging:detail",
        message_to_the_author,
        # Only its sender and its recipient may read it.
        **signed_in_only(404, verified=200, author=200),
    ),
    Row("messaging:contact", contact_url, **everyone(405)),
    Row(
        "messaging:contact",
        contact_url,
        method="POST",
        data=lambda w: {"subject": "Hello", "body": "A question about your practice."},
        # Unverified users must verify first; the author cannot write to themselves.
        **signed_in_only(302, unverified=403, author=403),
    ),
]
