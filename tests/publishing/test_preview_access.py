"""The preview shows the review history: only the author, experts and staff see it."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from practices.models import Practice
from publishing.models import PracticeTransition
from tests.factories import ExpertOpinionFactory, PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db

COMMENT = "Please remove the confidential budget figures."


@pytest.fixture
def published(author, expert):
    """A published practice on which the expert once asked for changes."""
    practice = PracticeFactory(author=author)
    S = Practice.Status
    PracticeTransition.objects.create(
        practice=practice,
        from_status=S.IN_REVIEW,
        to_status=S.CHANGES_REQUESTED,
        by=expert,
        comment=COMMENT,
    )
    PracticeTransition.objects.create(
        practice=practice, from_status=S.IN_REVIEW, to_status=S.PUBLISHED, by=expert
    )
    return practice


@pytest.mark.parametrize("viewer", ["anonymous", "reader", "unverified"])
def test_the_preview_of_a_published_practice_hides_its_review_history(
    client, published, viewer
):
    if viewer == "reader":
        client.force_login(UserFactory(verified=True))
    elif viewer == "unverified":
        client.force_login(UserFactory())
    response = client.get(reverse("publishing:preview", args=[published.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert COMMENT not in response.content.decode()
    # The public page stays public, without the history.
    page = client.get(published.get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assert COMMENT not in page.content.decode()


@pytest.mark.parametrize("viewer", ["author", "staff"])
def test_the_author_and_staff_still_see_the_history(
    client, published, author, staff, viewer
):
    client.force_login({"author": author, "staff": staff}[viewer])
    response = client.get(reverse("publishing:preview", args=[published.pk]))
    assert response.status_code == HTTPStatus.OK
    assert COMMENT in response.content.decode()


def test_the_preview_shows_an_opinion_given_since_the_last_look(client, author):
    """The preview keeps nothing of a practice between requests, opinions included."""
    practice = PracticeFactory(author=author, status=Practice.Status.IN_REVIEW)
    client.force_login(author)
    url = reverse("publishing:preview", args=[practice.pk])
    assert "A second look, since" not in client.get(url).content.decode()
    ExpertOpinionFactory(practice=practice, text="A second look, since")
    assert "A second look, since" in client.get(url).content.decode()
