"""What a signed-in reader sees beyond the public page, kept per reader in memory."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import (
    ExpertOpinionFactory,
    FollowFactory,
    PracticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
FOLLOWING = 'aria-pressed="true">Stop following</button>'
NOT_FOLLOWING = 'aria-pressed="false">Follow this practice</button>'


@pytest.fixture
def practice(committed):
    with committed():
        return PracticeFactory(title="Kept reader view")


def test_a_new_opinion_shows_at_the_next_request(client, practice, committed):
    client.force_login(UserFactory())
    assertContains(client.get(practice.get_absolute_url()), "No expert has given")
    with committed():
        ExpertOpinionFactory(practice=practice, text="A fresh expert opinion")
    page = client.get(practice.get_absolute_url())
    assertContains(page, "A fresh expert opinion")
    assertNotContains(page, "No expert has given")


def test_each_reader_sees_their_own_follow(client, practice, committed):
    follower, other = UserFactory(), UserFactory()
    with committed():
        FollowFactory(user=follower, practice=practice)
    client.force_login(follower)
    assertContains(client.get(practice.get_absolute_url()), FOLLOWING)
    client.force_login(other)
    page = client.get(practice.get_absolute_url())
    assertContains(page, NOT_FOLLOWING)
    assertNotContains(page, FOLLOWING)


def test_a_verified_address_opens_the_contact_form_at_once(client, practice):
    reader = UserFactory()
    client.force_login(reader)
    assertContains(
        client.get(practice.get_absolute_url()), "Please verify your e-mail address"
    )
    reader.emailaddress_set.create(email=reader.email, verified=True, primary=True)
    page = client.get(practice.get_absolute_url())
    assertNotContains(page, "Please verify your e-mail address")
    assertContains(page, "Send to the author")


def test_a_follow_through_another_process_shows_once_it_is_told(client, practice):
    """Another process committed a follow and moved the practice's generation."""
    from practices.cache import new_generation, practice_scope
    from practices.models import Follow

    reader = UserFactory()
    client.force_login(reader)
    assertContains(client.get(practice.get_absolute_url()), NOT_FOLLOWING)
    Follow.objects.bulk_create([Follow(user=reader, practice=practice)])
    new_generation(practice_scope(practice.slug))
    assertContains(client.get(practice.get_absolute_url()), FOLLOWING)
