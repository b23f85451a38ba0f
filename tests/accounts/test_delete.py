from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import User
from practices.models import ExpertOpinion, Follow, Practice
from tests.factories import (
    ExpertOpinionFactory,
    FollowFactory,
    PracticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DELETE_URL = reverse("accounts:delete")
PASSWORD = "correct-horse-battery"


def test_a_wrong_password_deletes_nothing(client):
    user = UserFactory(verified=True)
    client.force_login(user)
    response = client.post(DELETE_URL, {"password": "not my password"})
    assert response.status_code == HTTPStatus.OK
    assertContains(response, 'role="alert"')
    assertContains(response, "This is not your password.")
    assertContains(response, 'aria-invalid="true"')
    assert User.objects.filter(pk=user.pk).exists()


def test_deleting_removes_the_person_and_keeps_everyone_elses_data(client):
    user = UserFactory(verified=True)
    follow = FollowFactory(user=user)
    authored = PracticeFactory(author=user)
    opinion = ExpertOpinionFactory(expert=user)
    other = UserFactory(verified=True)
    other_follow = FollowFactory(user=other, practice=follow.practice)
    client.force_login(user)

    response = client.post(DELETE_URL, {"password": PASSWORD}, follow=True)

    assertRedirects(response, reverse("home"))
    assertContains(response, "Your account and your personal data are deleted.")
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Follow.objects.filter(pk=follow.pk).exists()
    assert Practice.objects.get(pk=authored.pk).author is None
    assert ExpertOpinion.objects.get(pk=opinion.pk).expert is None
    assert Follow.objects.filter(pk=other_follow.pk).exists()
    assert User.objects.filter(pk=other.pk).exists()
    # The session is gone with the person.
    assert client.get(reverse("accounts:profile")).status_code == HTTPStatus.FOUND


def test_deleting_needs_a_post(client):
    user = UserFactory(verified=True)
    client.force_login(user)
    response = client.get(DELETE_URL, {"password": PASSWORD})
    assert response.status_code == HTTPStatus.OK
    assert User.objects.filter(pk=user.pk).exists()
