from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from practices.models import Follow
from tests.factories import FollowFactory, PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    return PracticeFactory()


def follow_url(practice):
    return reverse("following:follow", args=[practice.slug])


def unfollow_url(practice):
    return reverse("following:unfollow", args=[practice.slug])


def test_urls_reverse_and_resolve():
    assert reverse("following:follow", args=["wecd"]) == "/following/wecd/follow/"
    assert reverse("following:unfollow", args=["wecd"]) == "/following/wecd/unfollow/"
    assert reverse("following:dashboard") == "/dashboard/"
    assert reverse("following:preferences") == "/following/preferences/"


def test_following_twice_is_one_follow(client, practice):
    user = UserFactory()
    client.force_login(user)
    for _ in range(2):
        response = client.post(follow_url(practice), follow=True)
    assertRedirects(response, f"{practice.get_absolute_url()}#main-content")
    assertContains(response, "You follow this practice now.")
    assertContains(response, "Stop following")
    assert Follow.objects.filter(user=user, practice=practice).count() == 1
    assertContains(response, "1 person follows this practice.")


def test_unfollow_removes_the_follow_and_shows_the_button_again(client, practice):
    user = UserFactory()
    FollowFactory(user=user, practice=practice)
    client.force_login(user)
    response = client.post(unfollow_url(practice), follow=True)
    assertContains(response, "You no longer follow this practice.")
    assertContains(response, "Follow this practice")
    assertContains(response, "Nobody follows this practice yet.")
    assert not Follow.objects.exists()
    # Unfollowing what one does not follow is harmless.
    assert client.post(unfollow_url(practice)).status_code == HTTPStatus.FOUND


@pytest.mark.parametrize("name", ["following:follow", "following:unfollow"])
def test_get_is_not_allowed(client, practice, name):
    client.force_login(UserFactory())
    response = client.get(reverse(name, args=[practice.slug]))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_anonymous_follow_goes_to_login_and_back_to_the_button(client, practice):
    response = client.post(follow_url(practice))
    next_url = quote(f"{practice.get_absolute_url()}#follow", safe="/")
    assertRedirects(
        response,
        f"{reverse('account_login')}?next={next_url}",
        fetch_redirect_response=False,
    )
    assert not Follow.objects.exists()


def test_drafts_and_unknown_practices_cannot_be_followed(client):
    client.force_login(UserFactory())
    draft = PracticeFactory(draft=True)
    assert client.post(follow_url(draft)).status_code == HTTPStatus.NOT_FOUND
    assert (
        client.post("/following/no-such-practice/follow/").status_code
        == HTTPStatus.NOT_FOUND
    )
    assert not Follow.objects.exists()


def test_a_follower_can_unfollow_a_practice_withdrawn_from_publication(client):
    user = UserFactory()
    practice = PracticeFactory(draft=True)
    FollowFactory(user=user, practice=practice)
    client.force_login(user)
    client.post(unfollow_url(practice))
    assert not Follow.objects.exists()


def test_json_answer_for_the_script(client, practice):
    client.force_login(UserFactory(is_listed_as_follower=True, display_name="Ann"))
    response = client.post(follow_url(practice), headers={"accept": "application/json"})
    data = response.json()
    assert data["following"] is True
    assert data["count"] == 1
    assert "Ann" in data["followers_html"]
    response = client.post(
        unfollow_url(practice), headers={"accept": "application/json"}
    )
    assert response.json()["following"] is False
    assert response.json()["count"] == 0


def test_anonymous_cached_page_shows_the_new_count(client, practice, committed):
    url = practice.get_absolute_url()
    assertContains(client.get(url), "Nobody follows this practice yet.")
    # Served from the cache now; a follow must invalidate it.
    assertContains(client.get(url), "Nobody follows this practice yet.")
    member = UserFactory()
    member_client = type(client)()
    member_client.force_login(member)
    with committed():
        member_client.post(follow_url(practice))
    assertContains(client.get(url), "1 person follows this practice.")
    with committed():
        member_client.post(unfollow_url(practice))
    assertContains(client.get(url), "Nobody follows this practice yet.")


def test_followers_list_names_only_those_who_consented(client, practice):
    FollowFactory(
        practice=practice,
        user=UserFactory(
            is_listed_as_follower=True,
            display_name="Angelina Todorova",
            job_title="Project manager",
        ),
    )
    for _ in range(3):
        FollowFactory(
            practice=practice,
            user=UserFactory(is_listed_as_follower=False, display_name="Hidden Person"),
        )
    response = client.get(practice.get_absolute_url())
    assertContains(response, "Angelina Todorova")
    assertNotContains(response, "Hidden Person")
    assertContains(response, "4 people follow this practice.")
    assertContains(response, "and 3 others")


def test_signed_in_page_shows_the_right_button_and_how_to_be_named(
    client, practice, committed
):
    user = UserFactory(is_listed_as_follower=False)
    client.force_login(user)
    response = client.get(practice.get_absolute_url())
    assertContains(response, f'action="{follow_url(practice)}"')
    assertContains(response, 'href="/accounts/profile/"')
    with committed():
        FollowFactory(user=user, practice=practice)
    response = client.get(practice.get_absolute_url())
    assertContains(response, f'action="{unfollow_url(practice)}"')
    assertContains(response, "Stop following")


def test_anonymous_page_has_the_login_prompt_and_no_form(client, practice):
    response = client.get(practice.get_absolute_url())
    assertContains(response, 'id="follow"')
    assertContains(response, "to follow this practice and hear when it changes.")
    assertNotContains(response, follow_url(practice))


@pytest.mark.parametrize("follows", [0, 1])
def test_is_following_costs_one_query_then_none(
    client, practice, django_assert_num_queries, follows
):
    """The signed-in page costs the same whether the user follows or not."""
    # Another reader's visit leaves the page's public text kept.
    client.force_login(UserFactory())
    client.get(practice.get_absolute_url())
    user = UserFactory()
    if follows:
        FollowFactory(user=user, practice=practice)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        client.get(practice.get_absolute_url())
    # The user, then one query for what this reader sees: the opinions, whether
    # they follow the practice, whether their address is verified.
    follow_queries = [q for q in queries if "practices_follow" in q["sql"]]
    assert len(follow_queries) == 1
    assert len(queries) == 2
    # Both are kept in this process's memory until either changes.
    with django_assert_num_queries(0):
        client.get(practice.get_absolute_url())
