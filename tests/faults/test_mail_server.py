"""The mail server goes down: messages are kept, and delivered once it is back.

A real SMTP server (aiosmtpd) on 127.0.0.1, stopped and started by the test.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from messaging.models import Message
from tests.factories import PracticeFactory, UserFactory
from tests.mail import SMTPServer
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    settings.MAILERS = server.mailers
    yield server
    server.stop()


def test_messages_wait_for_the_mail_server_and_arrive_once(
    client, smtp, django_capture_on_commit_callbacks
):
    author = UserFactory(email="author@example.org")
    practice = PracticeFactory(author=author)
    sender = UserFactory(email="sender@example.org", verified=True)
    client.force_login(sender)

    # The server is down: the reader is told the message will be delivered.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("messaging:contact", kwargs={"slug": practice.slug}),
            {"subject": "While the server is down", "body": "Please keep this."},
            follow=True,
        )
    run_tasks()
    assertContains(response, "will be delivered")
    message = Message.objects.get()
    assert message.status == Message.Status.PENDING
    assert message.last_error

    smtp.start()
    call_command("send_pending_messages", "--all", verbosity=0)
    call_command("send_pending_messages", "--all", verbosity=0)

    (received,) = smtp.inbox.messages
    assert received["To"] == "author@example.org"
    assert received["Reply-To"] == "sender@example.org"
    assert "While the server is down" in received["Subject"]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
