"""Two machines run `send_pending_messages` at once: every message arrives once.

Real processes against the same PostgreSQL database and a real, slow SMTP server
(aiosmtpd), so that both commands meet the same pending messages.
"""

import asyncio
import os
import subprocess
import sys
from collections import Counter

import pytest
from django.db import connection

from messaging.models import Message
from tests.factories import PracticeFactory, UserFactory
from tests.mail import Inbox, SMTPServer
from tests.server import ROOT, database_url

pytestmark = pytest.mark.django_db(transaction=True)


class SlowInbox(Inbox):
    """Take a while over each e-mail, as a busy mail server does."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.3)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp():
    server = SMTPServer()
    server.inbox = SlowInbox()
    server.start()
    yield server
    server.stop()


def test_two_retry_commands_at_once_send_each_message_once(slow_smtp):
    if connection.vendor != "postgresql":
        pytest.skip("two processes share the database on PostgreSQL only")
    author = UserFactory(email="author@example.org")
    practice = PracticeFactory(author=author)
    sender = UserFactory(email="sender@example.org")
    for number in range(6):
        Message.objects.create(
            practice=practice,
            sender=sender,
            sender_name=str(sender),
            sender_email=sender.email,
            recipient=author,
            subject=f"Pending {number}",
            body="Written while the mail server was down.",
        )
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(slow_smtp.port),
        "DJANGO_EMAIL_TIMEOUT": "5",
    }
    command = [sys.executable, "manage.py", "send_pending_messages", "--all"]
    runs = [
        subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=60)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    delivered = [int(output.split(" delivered")[0]) for output in outputs]
    assert sum(delivered) == 6, outputs

    subjects = Counter(message["Subject"] for message in slow_smtp.inbox.messages)
    assert len(subjects) == 6, subjects
    assert set(subjects.values()) == {1}, subjects
    assert not Message.objects.exclude(status=Message.Status.SENT).exists()
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}
