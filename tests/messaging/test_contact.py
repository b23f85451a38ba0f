"""Contacting a practice's author: saved first, delivered once, never lost."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from messaging.models import Message
from tests.factories import PracticeFactory, UserFactory
from tests.mail import FailingEmailBackend, mailers

pytestmark = pytest.mark.django_db

FAILING = mailers(f"{FailingEmailBackend.__module__}.FailingEmailBackend")
LETTER = {"subject": "About your creative district", "body": "How did you fund it?"}


@pytest.fixture
def author():
    return UserFactory(email="hidden.author@example.org", display_name="Ann Author")


@pytest.fixture
def practice(author):
    return PracticeFactory(author=author, slug="creative", title="Creative practice")


@pytest.fixture
def sender(client):
    user = UserFactory(
        email="sam.sender@example.org", display_name="Sam Sender", verified=True
    )
    client.force_login(user)
    return user


def contact_url(practice):
    return reverse("messaging:contact", kwargs={"slug": practice.slug})


def send(client, practice, captured, **data):
    with captured(execute=True):
        return client.post(contact_url(practice), {**LETTER, **data})


def test_message_is_saved_then_mailed_to_the_author_with_reply_to(
    run_worker, client, sender, practice, django_capture_on_commit_callbacks
):
    response = send(client, practice, django_capture_on_commit_callbacks)
    message = Message.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == message.get_absolute_url()
    assert message.sender_email == "sam.sender@example.org"
    assert message.status == Message.Status.PENDING
    run_worker()
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    (email,) = mail.outbox
    assert email.to == ["hidden.author@example.org"]
    assert email.reply_to == ["sam.sender@example.org"]
    assert "How did you fund it?" in email.body
    assert "Creative practice" in email.body
    page = client.get(message.get_absolute_url())
    assertContains(page, "Delivered on")


def test_the_authors_address_is_never_shown(client, sender, practice):
    for url in [practice.get_absolute_url(), reverse("messaging:sent")]:
        assertNotContains(client.get(url), "hidden.author@example.org")


def test_a_failed_send_keeps_the_message_and_the_retry_delivers_it_once(
    run_worker, client, sender, practice, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = FAILING
    response = send(client, practice, django_capture_on_commit_callbacks)
    run_worker()
    page = client.get(response["Location"])
    assertContains(page, "will be delivered to the author")
    message = Message.objects.get()
    assert message.status == Message.Status.PENDING
    assert message.attempts == 1
    assert "mail server is down" in message.last_error

    settings.MAILERS = mailers("django.core.mail.backends.locmem.EmailBackend")
    call_command("send_pending_messages", "--all", verbosity=0)
    call_command("send_pending_messages", "--all", verbosity=0)
    run_worker()  # the retry the task scheduled finds nothing left to do
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert len(mail.outbox) == 1


def test_retry_command_only_takes_messages_that_are_due(
    run_worker, client, sender, practice, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = FAILING
    send(client, practice, django_capture_on_commit_callbacks)
    run_worker()
    settings.MAILERS = mailers("django.core.mail.backends.locmem.EmailBackend")
    call_command("send_pending_messages", verbosity=0)
    assert mail.outbox == []
    Message.objects.update(next_attempt_at="2000-01-01T00:00:00Z")
    call_command("send_pending_messages", verbosity=0)
    assert len(mail.outbox) == 1


def test_too_many_messages_get_a_429_that_keeps_the_text(
    client, sender, practice, settings
):
    settings.CONTACT_RATE_LIMITS = {"hour": 2, "day": 10}
    for _ in range(2):
        assert client.post(contact_url(practice), LETTER).status_code == 302
    response = client.post(
        contact_url(practice), {"subject": "Third one", "body": "Text I typed"}
    )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assertContains(response, "Text I typed", status_code=429)
    assertContains(response, 'value="Third one"', status_code=429)
    assertContains(response, "2 an hour", status_code=429)
    assert Message.objects.count() == 2


def test_invalid_message_keeps_what_was_typed(client, sender, practice):
    response = client.post(contact_url(practice), {"subject": "", "body": "x" * 5001})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assertContains(response, "x" * 5001, status_code=400)
    assertContains(response, 'role="alert"', status_code=400)
    assert not Message.objects.exists()


def test_the_author_cannot_message_themselves(client, author, practice):
    author.emailaddress_set.create(email=author.email, verified=True, primary=True)
    client.force_login(author)
    page = client.get(practice.get_absolute_url())
    assertContains(page, "This is your practice")
    assertNotContains(page, 'name="body"')
    response = client.post(contact_url(practice), LETTER)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Message.objects.exists()


def test_an_unverified_user_must_verify_first(client, practice):
    client.force_login(UserFactory())
    page = client.get(practice.get_absolute_url())
    assertContains(page, "Please verify your e-mail address")
    response = client.post(contact_url(practice), LETTER)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assertContains(response, "How did you fund it?", status_code=403)
    assert not Message.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, practice):
    response = client.get(contact_url(practice))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == (
        f"{reverse('account_login')}?next=/messages/contact/creative/"
    )
    assert client.put(contact_url(practice)).status_code == 405


def test_a_message_typed_after_the_session_ended_waits_for_the_log_in(client, practice):
    """The session ended while its member wrote: logging in brings the text back."""
    UserFactory(email="late@example.org", verified=True)

    response = client.post(contact_url(practice), LETTER, follow=True)

    assert response.redirect_chain[-1][0] == (
        f"{reverse('account_login')}?next=/messages/contact/creative/"
    )
    assertContains(response, "What you wrote is not sent yet")
    assert not Message.objects.exists()
    response = client.post(
        response.redirect_chain[-1][0],
        {"login": "late@example.org", "password": "correct-horse-battery"},
        follow=True,
    )
    assert response.request["PATH_INFO"] == contact_url(practice)
    assertContains(response, "About your creative district")
    assertContains(response, "How did you fund it?</textarea>")

    response = client.post(contact_url(practice), LETTER)
    assert response["Location"] == Message.objects.get().get_absolute_url()
    # Sent: the contact page is empty again.
    assertNotContains(client.get(contact_url(practice)), "How did you fund it?")


def test_the_contact_page_refuses_the_author(client, author, practice):
    client.force_login(author)
    response = client.get(contact_url(practice))
    assertContains(response, "This is your practice", status_code=403)


def test_contact_needs_the_csrf_token(sender, practice):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(sender)
    assert strict.post(contact_url(practice), LETTER).status_code == 403
    assert not Message.objects.exists()


def test_sender_and_author_see_the_message_nobody_else_does(
    client, sender, author, practice
):
    client.post(contact_url(practice), LETTER)
    message = Message.objects.get()
    assertContains(client.get(reverse("messaging:sent")), LETTER["subject"])
    client.force_login(author)
    inbox = client.get(reverse("messaging:inbox"))
    assertContains(inbox, LETTER["subject"])
    assertContains(inbox, "Sam Sender")
    assert client.get(message.get_absolute_url()).status_code == 200
    client.force_login(UserFactory())
    assert client.get(message.get_absolute_url()).status_code == 404
    assertNotContains(client.get(reverse("messaging:inbox")), LETTER["subject"])


def test_deleting_the_senders_account_anonymises_their_messages(
    client, sender, author, practice
):
    client.post(contact_url(practice), LETTER)
    sender.delete()
    message = Message.objects.get()
    assert (message.sender, message.sender_name, message.sender_email) == (
        None,
        "",
        "",
    )
    assert message.body == LETTER["body"]
    client.force_login(author)
    assertContains(client.get(message.get_absolute_url()), "A former member")


@pytest.mark.parametrize("count", [2, 25])
def test_inbox_query_count_is_constant(
    client, author, count, django_assert_max_num_queries
):
    practice = PracticeFactory(author=author)
    for _ in range(count):
        Message.objects.create(
            practice=practice,
            sender=UserFactory(),
            sender_name="Someone",
            recipient=author,
            subject="Hello",
            body="Text",
        )
    client.force_login(author)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("messaging:inbox")).status_code == 200


def test_the_author_reads_the_message_in_their_language(
    run_worker, client, sender, practice, author, django_capture_on_commit_callbacks
):
    author.language = "fr"
    author.save(update_fields=["language"])
    send(client, practice, django_capture_on_commit_callbacks)
    run_worker()
    (email,) = mail.outbox
    assert "vous a écrit au sujet de votre pratique" in email.body
    assert "How did you fund it?" in email.body


def test_the_empty_form_on_the_practice_page_is_in_the_readers_language(
    client, sender, practice
):
    """It is rendered once per language and process, then reused: never mixed up."""
    url = practice.get_absolute_url()
    for _ in range(2):
        english = client.get(url)
        assertContains(english, 'name="subject"')
        assertContains(english, 'for="id_subject">Subject')
        french = client.get(f"/fr{url}")
        assertContains(french, 'for="id_subject">Objet')
        assertNotContains(french, 'for="id_subject">Subject')
