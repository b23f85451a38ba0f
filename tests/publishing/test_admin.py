from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from practices.models import Practice
from publishing.lifecycle import practice_transition
from publishing.models import PracticeRevision
from tests.factories import IndicatorFactory, PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, staff):
    client.force_login(staff)
    return client


def test_the_review_queue_filter(admin_client_):
    waiting = PracticeFactory(status=Practice.Status.IN_REVIEW, title="Waiting one")
    PracticeFactory(title="Public one")
    url = reverse("admin:practices_practice_changelist")
    response = admin_client_.get(url, {"queue": "waiting"})
    assertContains(response, waiting.title)
    assertNotContains(response, "Public one")


def test_the_history_shows_transitions_and_revisions(admin_client_, author):
    practice = PracticeFactory(draft=True, author=author)
    IndicatorFactory(practice=practice)
    practice_transition(
        practice=practice, to=Practice.Status.IN_REVIEW, by=author, comment="Ready"
    )
    PracticeRevision.objects.create(practice=practice, snapshot={}, comment="Rev")
    response = admin_client_.get(
        reverse("admin:practices_practice_change", args=[practice.pk])
    )
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Ready")
    assertContains(response, reverse("publishing:revisions", args=[practice.pk]))


def test_staff_archive_through_the_recorded_transition(admin_client_):
    practice = PracticeFactory()
    response = admin_client_.post(
        reverse("admin:practices_practice_changelist"),
        {"action": "make_archived", "_selected_action": [practice.pk]},
    )
    assert response.status_code == HTTPStatus.FOUND
    practice.refresh_from_db()
    assert practice.status == Practice.Status.ARCHIVED
    assert practice.transitions.get().to_status == Practice.Status.ARCHIVED


def test_staff_reassign_the_author_with_autocomplete(admin_client_):
    practice = PracticeFactory()
    new_author = UserFactory(display_name="Nadia Newauthor")
    response = admin_client_.get(
        reverse("admin:autocomplete"),
        {
            "term": "Newauthor",
            "app_label": "practices",
            "model_name": "practice",
            "field_name": "author",
        },
    )
    assertContains(response, "Nadia Newauthor")
    assert practice.author != new_author
