"""Profile, your data, deleting the account, and private responses."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from practices.models import ExpertOpinion, Follow, Practice
from tests.constants import WECD_URL
from tests.factories import (
    ExpertOpinionFactory,
    FollowFactory,
    PracticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture
def member(client):
    user = UserFactory(display_name="Mira Member", verified=True)
    client.force_login(user)
    return user


def test_consent_decides_whether_a_follower_is_named(client, member):
    practice = PracticeFactory()
    FollowFactory(practice=practice, user=member)
    FollowFactory(
        practice=practice,
        user__display_name="Named Follower",
        user__is_listed_as_follower=True,
    )
    page = client.get(practice.get_absolute_url())
    assertContains(page, '"follower-list__name">Named Follower<')
    assertNotContains(page, '"follower-list__name">Mira Member<')
    assertContains(page, "and 1 other")


def test_delete_keeps_practices_opinions_and_other_peoples_data(client, member):
    authored = PracticeFactory(author=member)
    other = UserFactory()
    FollowFactory(user=member, practice=authored)
    FollowFactory(user=other, practice=authored)
    opinion = ExpertOpinionFactory(expert=member, practice=authored)
    response = client.post(
        reverse("accounts:delete"), {"password": PASSWORD}, follow=True
    )
    assertContains(response, "Your account and your personal data are deleted.")
    assert not User.objects.filter(pk=member.pk).exists()
    assert Practice.objects.get(pk=authored.pk).author is None
    assert ExpertOpinion.objects.get(pk=opinion.pk).expert is None
    assert list(Follow.objects.values_list("user", flat=True)) == [other.pk]
    assert not response.wsgi_request.user.is_authenticated


def test_signed_in_responses_are_private(client, member, demo):
    for url in [
        WECD_URL,
        reverse("accounts:profile"),
        reverse("home"),
    ]:
        response = client.get(url)
        assert "private" in response["Cache-Control"], url
        assert "Cookie" in response["Vary"], url


def test_anonymous_pages_stay_cacheable(client, demo):
    response = client.get(WECD_URL)
    assert "private" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        (
            "/practices/wallonia-european-creative-district/#expert-opinion",
            "/practices/wallonia-european-creative-district/#expert-opinion",
        ),
        (
            "/fr/practices/wallonia-european-creative-district/#contact-author",
            "/fr/practices/wallonia-european-creative-district/#contact-author",
        ),
        ("https://evil.example.org/", "/"),
        ("//evil.example.org/", "/"),
    ],
)
def test_login_returns_only_to_local_pages(client, demo, next_url, expected):
    response = client.post(
        reverse("account_login"),
        {"login": "reader@example.org", "password": "wecd-demo-2026", "next": next_url},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == expected
