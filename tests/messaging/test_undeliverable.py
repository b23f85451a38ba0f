"""A line break in a mail header, and messages that can never be sent."""

from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from messaging.models import MAX_DELIVERY_ATTEMPTS, Message
from tests.factories import PracticeFactory, UserFactory
from tests.mail import SMTPServer

pytestmark = pytest.mark.django_db

INJECTION = "Hi\r\nBcc: x@evil.example"


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    server.start()
    settings.MAILERS = server.mailers
    yield server
    server.stop()


@pytest.fixture
def practice():
    return PracticeFactory(author=UserFactory(email="author@example.org"))


@pytest.fixture
def sender(client):
    user = UserFactory(verified=True)
    client.force_login(user)
    return user


@pytest.mark.parametrize("subject", [INJECTION, "Hi\nthere", "Hi\rthere", "A\u2028B"])
def test_a_subject_with_a_line_break_is_refused_and_kept(
    client, sender, practice, subject
):
    url = reverse("messaging:contact", kwargs={"slug": practice.slug})
    response = client.post(url, {"subject": subject, "body": "Hello"})
    assertContains(response, "one line", status_code=HTTPStatus.BAD_REQUEST)
    assertContains(response, "Hello", status_code=HTTPStatus.BAD_REQUEST)
    assert not Message.objects.exists()


def test_an_old_subject_with_a_line_break_is_sent_on_one_line(
    client, sender, practice, smtp
):
    # Written before the form refused line breaks (or straight into the database).
    message = Message.objects.create(
        practice=practice, sender=sender, recipient=practice.author, subject="Hi"
    )
    Message.objects.filter(pk=message.pk).update(subject=INJECTION, body="Hello")
    call_command("send_pending_messages", "--all", verbosity=0)
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    (received,) = smtp.inbox.messages
    assert received["Bcc"] is None
    assert received["Subject"].endswith("Hi Bcc: x@evil.example")


def test_a_message_that_cannot_be_sent_ends_failed_and_the_sender_is_told(
    client, sender, practice, smtp
):
    message = Message.objects.create(
        practice=practice,
        sender=sender,
        recipient=None,  # The author deleted their account.
        subject="Nobody to read it",
        body="Hello",
    )
    for _ in range(MAX_DELIVERY_ATTEMPTS + 2):
        call_command("send_pending_messages", "--all", verbosity=0)
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.attempts == MAX_DELIVERY_ATTEMPTS
    assert smtp.inbox.messages == []
    page = client.get(reverse("messaging:sent"))
    assertContains(page, "Could not be delivered")
    detail = client.get(message.get_absolute_url())
    assertContains(detail, "could not be delivered")


def test_a_message_to_a_server_that_never_answers_fails_after_bounded_tries(
    client, sender, practice, settings
):
    from tests.mail import FailingEmailBackend, mailers

    settings.MAILERS = mailers(f"{FailingEmailBackend.__module__}.FailingEmailBackend")
    message = Message.objects.create(
        practice=practice,
        sender=sender,
        recipient=practice.author,
        subject="Hi",
        body="Hello",
    )
    for _ in range(MAX_DELIVERY_ATTEMPTS + 3):
        call_command("send_pending_messages", "--all", verbosity=0)
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.attempts == MAX_DELIVERY_ATTEMPTS


def test_a_good_message_still_travels_through_smtp(
    client, sender, practice, smtp, run_worker, django_capture_on_commit_callbacks
):
    url = reverse("messaging:contact", kwargs={"slug": practice.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"subject": "One line", "body": "Hello"})
    run_worker()
    assert Message.objects.get().status == Message.Status.SENT
    (received,) = smtp.inbox.messages
    assert received["Subject"].endswith("One line")
    assert received["Bcc"] is None
