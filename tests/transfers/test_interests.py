"""Members considering a practice: consent to be seen, and writing through the relay."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from messaging.models import Message
from tests.factories import PracticeFactory, UserFactory
from tests.transfers.factories import InterestFactory, TransferFactory
from transfers.models import Interest

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    return PracticeFactory(author=UserFactory(verified=True))


def consider_url(practice):
    return reverse("transfers:consider", args=[practice.slug])


def write_url(interest):
    return reverse("transfers:write", args=[interest.pk])


def test_a_member_says_they_consider_it_privately_by_default(client, practice):
    member = UserFactory(verified=True)
    client.force_login(member)
    response = client.post(consider_url(practice), {"note": "Namur looks at it."})
    assert response.status_code == HTTPStatus.FOUND
    interest = Interest.objects.get()
    assert interest.user == member
    assert not interest.is_visible_to_peers
    # Saying it again edits the same row.
    client.post(
        consider_url(practice), {"note": "Updated.", "is_visible_to_peers": "on"}
    )
    interest.refresh_from_db()
    assert (interest.note, interest.is_visible_to_peers) == ("Updated.", True)
    client.post(consider_url(practice), {"withdraw": "1"})
    assert not Interest.objects.exists()


def test_the_note_is_private_to_the_author_without_consent(client, practice):
    hidden = InterestFactory(practice=practice, note="Hidden context")
    InterestFactory(practice=practice, note="Shared context", is_visible_to_peers=True)
    me = InterestFactory(practice=practice, is_visible_to_peers=True)
    client.force_login(me.user)
    page = client.get(consider_url(practice))
    assertContains(page, "Shared context")
    assertNotContains(page, "Hidden context")
    # Those who did not agree see nobody.
    client.force_login(hidden.user)
    assertNotContains(client.get(consider_url(practice)), "Shared context")
    # The author sees every one of them, with their notes.
    client.force_login(practice.author)
    dashboard = client.get(reverse("transfers:dashboard", args=[practice.slug]))
    assertContains(dashboard, "Hidden context")
    assertContains(dashboard, "Shared context")


def test_peers_who_agreed_write_to_one_another_through_the_relay(
    client, practice, run_worker, django_capture_on_commit_callbacks
):
    recipient = InterestFactory(
        practice=practice, is_visible_to_peers=True, user__email="peer@example.org"
    )
    sender = InterestFactory(practice=practice, is_visible_to_peers=True)
    client.force_login(sender.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            write_url(recipient), {"subject": "Hello", "body": "Shall we talk?"}
        )
    assert response.status_code == HTTPStatus.FOUND
    message = Message.objects.get()
    assert message.recipient == recipient.user
    run_worker()
    assert mail.outbox[0].to == ["peer@example.org"]
    assert mail.outbox[0].reply_to == [sender.user.email]
    assert "which you are considering" in mail.outbox[0].body
    # The sender never sees the recipient's address.
    page = client.get(consider_url(practice))
    assertNotContains(page, "peer@example.org")


def test_a_peer_who_did_not_agree_cannot_be_written_to(client, practice):
    recipient = InterestFactory(practice=practice, is_visible_to_peers=False)
    sender = InterestFactory(practice=practice, is_visible_to_peers=True)
    client.force_login(sender.user)
    response = client.post(write_url(recipient), {"subject": "Hi", "body": "Hi"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    # Nor can a member who did not agree write to those who did.
    client.force_login(recipient.user)
    other = InterestFactory(practice=practice, is_visible_to_peers=True)
    assert client.get(write_url(other)).status_code == HTTPStatus.NOT_FOUND
    assert not Message.objects.exists()


def test_the_author_answers_anyone_considering_it(client, practice):
    interest = InterestFactory(practice=practice)
    client.force_login(practice.author)
    response = client.post(write_url(interest), {"subject": "Hi", "body": "Welcome"})
    assert response.status_code == HTTPStatus.FOUND
    assert Message.objects.get().recipient == interest.user


def test_writing_is_rate_limited(client, practice, settings):
    settings.CONTACT_RATE_LIMITS = {"hour": 1, "day": 5}
    interest = InterestFactory(practice=practice)
    client.force_login(practice.author)
    client.post(write_url(interest), {"subject": "One", "body": "One"})
    response = client.post(write_url(interest), {"subject": "Two", "body": "Kept"})
    assertContains(response, "Kept", status_code=HTTPStatus.TOO_MANY_REQUESTS)
    assert Message.objects.count() == 1


def test_an_unverified_member_cannot_write(client, practice):
    interest = InterestFactory(practice=practice)
    practice.author.emailaddress_set.update(verified=False)
    client.force_login(practice.author)
    response = client.post(write_url(interest), {"subject": "Hi", "body": "Hi"})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_contacting_a_transfer_needs_its_consent(client, practice):
    closed = TransferFactory(practice=practice, confirmed=True, is_contactable=False)
    open_ = TransferFactory(practice=practice, confirmed=True, is_contactable=True)
    client.force_login(UserFactory(verified=True))
    url = reverse("transfers:contact", args=[closed.pk])
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    url = reverse("transfers:contact", args=[open_.pk])
    response = client.post(url, {"subject": "Hi", "body": "How did it go?"})
    assert response.status_code == HTTPStatus.FOUND
    assert Message.objects.get().recipient == open_.recorded_by


def test_the_dashboard_is_the_authors(client, practice):
    TransferFactory(practice=practice, region="Awaiting Region")
    TransferFactory(practice=practice, confirmed=True, region="Done Region")
    Message.objects.create(
        practice=practice,
        recipient=practice.author,
        sender_name="A reader",
        subject="About your vouchers",
        body="Hello",
    )
    client.force_login(UserFactory(verified=True))
    url = reverse("transfers:dashboard", args=[practice.slug])
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    client.force_login(practice.author)
    response = client.get(url)
    assert [t.region for t in response.context["pending"]] == ["Awaiting Region"]
    assert [t.region for t in response.context["confirmed"]] == ["Done Region"]
    assertContains(response, "About your vouchers")
    # Staff see the dashboard, but not the author's mail.
    client.force_login(UserFactory(is_staff=True))
    response = client.get(url)
    assertContains(response, "Done Region")
    assertNotContains(response, "About your vouchers")
