"""Responses to signed-in users are private: no shared cache may store them."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.constants import WECD_URL

pytestmark = pytest.mark.django_db


def assert_private(response):
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize(
    "url",
    [WECD_URL, reverse("accounts:profile"), reverse("accounts:data-export")],
)
def test_signed_in_responses_are_private(client, demo, url):
    client.force_login(User.objects.get(email="reader@example.org"))
    response = client.get(url)
    assert response.status_code == 200
    assert_private(response)


def test_the_practice_page_with_the_opinion_is_private(client, demo):
    client.force_login(User.objects.get(email="reader@example.org"))
    response = client.get(WECD_URL)
    assert b"expert-opinion" in response.content
    assert "max-age=0" in response["Cache-Control"]


def test_anonymous_pages_stay_public(client, demo):
    response = client.get(WECD_URL)
    assert "private" not in response.get("Cache-Control", "")
    assert "Cookie" in response["Vary"]


def test_error_pages_for_a_signed_in_user_are_private_too(client, demo):
    client.force_login(User.objects.get(email="reader@example.org"))
    response = client.get("/practices/no-such-practice/")
    assert response.status_code == 404
    assert_private(response)
