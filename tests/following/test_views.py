"""Following a practice: one POST, no JavaScript, the count always right."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from practices.models import Follow
from tests.factories import FollowFactory, PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    return PracticeFactory(title="Followed practice", slug="followed")


@pytest.fixture
def reader(client):
    user = UserFactory(display_name="Reader One", is_listed_as_follower=True)
    client.force_login(user)
    return user


def follow_url(practice, action="follow"):
    return reverse(f"following:{action}", kwargs={"slug": practice.slug})


def test_follow_twice_is_one_follow_and_the_count_is_right(client, reader, practice):
    page = client.get(practice.get_absolute_url())
    assertContains(page, "Nobody follows this practice yet.")
    for _ in range(2):
        response = client.post(follow_url(practice))
        assertRedirects(
            response,
            f"{practice.get_absolute_url()}#follow",
            fetch_redirect_response=False,
        )
    assert Follow.objects.filter(user=reader, practice=practice).count() == 1
    page = client.get(practice.get_absolute_url())
    assertContains(page, "1 person follows this practice.")
    assertContains(page, "Reader One")
    assertContains(page, "Stop following")


def test_unfollow_removes_the_follow(client, reader, practice):
    FollowFactory(user=reader, practice=practice)
    client.post(follow_url(practice, "unfollow"))
    assert not Follow.objects.filter(user=reader, practice=practice).exists()
    assertContains(client.get(practice.get_absolute_url()), "Follow this practice")


def test_anonymous_cached_page_shows_the_new_count(client, practice):
    anonymous = client.get(practice.get_absolute_url())
    assertContains(anonymous, "Nobody follows this practice yet.")
    FollowFactory(practice=practice)
    assertContains(
        client.get(practice.get_absolute_url()), "1 person follows this practice."
    )


def test_get_is_not_allowed(client, reader, practice):
    response = client.get(follow_url(practice))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_anonymous_post_goes_to_login_and_back_to_the_button(client, practice):
    response = client.post(follow_url(practice))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    assert "followed/%23follow" in response["Location"]
    assert not Follow.objects.exists()


def test_drafts_and_unknown_practices_cannot_be_followed(client, reader):
    draft = PracticeFactory(draft=True)
    assert client.post(follow_url(draft)).status_code == HTTPStatus.NOT_FOUND
    response = client.post(reverse("following:follow", kwargs={"slug": "nope"}))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_follow_needs_the_csrf_token(reader, practice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)
    assert strict.post(follow_url(practice)).status_code == HTTPStatus.FORBIDDEN
    assert not Follow.objects.exists()


def test_dashboard_lists_follows_latest_change_first(client, reader):
    older = PracticeFactory(title="Older practice")
    newer = PracticeFactory(title="Newer practice")
    hidden = PracticeFactory(title="Now a draft", draft=True)
    for practice in (older, newer, hidden):
        FollowFactory(user=reader, practice=practice)
    FollowFactory(practice=older)  # someone else's follow
    newer.save()
    response = client.get(reverse("following:dashboard"))
    content = response.content.decode()
    assert content.index("Newer practice") < content.index("Older practice")
    assertNotContains(response, "Now a draft")


def test_dashboard_unfollow_returns_to_the_dashboard(client, reader, practice):
    FollowFactory(user=reader, practice=practice)
    response = client.post(follow_url(practice, "unfollow"), {"next": "dashboard"})
    assertRedirects(response, reverse("following:dashboard"))


@pytest.mark.parametrize("follows", [2, 30])
def test_dashboard_query_count_is_constant(
    client, reader, follows, django_assert_max_num_queries
):
    for practice in PracticeFactory.create_batch(follows):
        FollowFactory(user=reader, practice=practice)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("following:dashboard"))
    assert response.status_code == HTTPStatus.OK


def test_dashboard_needs_login(client):
    response = client.get(reverse("following:dashboard"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
