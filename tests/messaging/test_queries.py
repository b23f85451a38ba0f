"""The sent list and a message's page cost the same queries however many messages."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from messaging.models import Message
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


def write(sender, count):
    """``count`` messages from ``sender``, each to another practice's author."""
    return [
        Message.objects.create(
            practice=PracticeFactory(),
            sender=sender,
            sender_name=str(sender),
            sender_email=sender.email,
            recipient=UserFactory(),
            subject=f"Question {number}",
            body="How did you fund it?",
        )
        for number in range(count)
    ]


@pytest.mark.parametrize("count", [1, 25])
def test_sent_list_query_count_is_constant(
    client, count, django_assert_max_num_queries
):
    sender = UserFactory(verified=True)
    write(sender, count)
    client.force_login(sender)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("messaging:sent"))
    assert response.status_code == HTTPStatus.OK
    assert f"Question {count - 1}" in response.text


@pytest.mark.parametrize("count", [1, 25])
def test_second_page_of_the_sent_list_costs_the_same(
    client, count, django_assert_max_num_queries
):
    sender = UserFactory(verified=True)
    write(sender, 20 + count)
    client.force_login(sender)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("messaging:sent"), {"page": 2})
    assert response.status_code == HTTPStatus.OK


def test_a_message_page_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    sender = UserFactory(verified=True)
    (message,) = write(sender, 1)
    client.force_login(sender)
    with django_assert_max_num_queries(3):
        response = client.get(message.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "Question 0" in response.text
