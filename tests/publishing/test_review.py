from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from practices.models import ExpertOpinion, Practice
from practices.signals import practice_changed
from publishing.lifecycle import practice_transition
from tests.factories import IndicatorFactory, PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(author):
    practice = PracticeFactory(draft=True, author=author, title="Submitted practice")
    IndicatorFactory(practice=practice)
    practice_transition(practice=practice, to=Practice.Status.IN_REVIEW, by=author)
    return practice


@pytest.fixture
def signals():
    received = []

    def receiver(sender, practice, kind, **kwargs):
        received.append((practice.pk, kind))

    practice_changed.connect(receiver)
    yield received
    practice_changed.disconnect(receiver)


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("reader", 403), ("expert", 200), ("staff", 200)],
)
def test_review_queue_is_for_experts(client, expert, staff, submission, role, status):
    users = {"reader": UserFactory(verified=True), "expert": expert, "staff": staff}
    if role in users:
        client.force_login(users[role])
    response = client.get(reverse("publishing:queue"))
    assert response.status_code == status
    if status == 200 and role == "expert":
        assertContains(response, "Submitted practice")


def test_review_queue_queries_are_constant(
    client, expert, django_assert_max_num_queries
):
    for _ in range(5):
        PracticeFactory(status=Practice.Status.IN_REVIEW)
    client.force_login(expert)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("publishing:queue"))
    assert len(response.context["practices"]) == 5


def test_an_expert_publishes_with_an_opinion(
    client, expert, author, submission, signals, mailoutbox, run_worker
):
    client.force_login(expert)
    url = reverse("publishing:review", args=[submission.pk])
    assert client.get(url).status_code == HTTPStatus.OK
    response = client.post(
        url, {"publish-text": "A model for other regions.", "publish": "1"}
    )
    assert response.status_code == HTTPStatus.FOUND
    submission.refresh_from_db()
    assert submission.status == Practice.Status.PUBLISHED
    assert submission.published_at is not None
    assert ExpertOpinion.objects.get().text == "A model for other regions."
    # Followers hear of the publication once, not of the opinion given with it.
    assert signals == [(submission.pk, "published")]
    assert mailoutbox == []
    run_worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [author.email]
    assert "is published" in mail.outbox[0].subject
    assert submission.get_absolute_url() in mail.outbox[0].body


def test_publishing_without_an_opinion_keeps_the_form(client, expert, submission):
    client.force_login(expert)
    response = client.post(
        reverse("publishing:review", args=[submission.pk]),
        {"publish-text": "", "publish": "1"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    submission.refresh_from_db()
    assert submission.status == Practice.Status.IN_REVIEW


def test_an_expert_requests_changes_and_the_author_sees_them(
    client, expert, author, submission, run_worker
):
    client.force_login(expert)
    response = client.post(
        reverse("publishing:review", args=[submission.pk]),
        {"changes-comment": "Please add the budget figures.", "changes": "1"},
    )
    assert response.status_code == HTTPStatus.FOUND
    submission.refresh_from_db()
    assert submission.status == Practice.Status.CHANGES_REQUESTED
    run_worker()
    assert "Changes requested" in mail.outbox[0].subject
    assert "Please add the budget figures." in mail.outbox[0].body
    client.force_login(author)
    response = client.get(
        reverse("publishing:step", kwargs={"pk": submission.pk, "number": 7})
    )
    assertContains(response, "Please add the budget figures.")
    # The author resubmits.
    client.post(reverse("publishing:submit", args=[submission.pk]))
    submission.refresh_from_db()
    assert submission.status == Practice.Status.IN_REVIEW


def test_a_request_without_comment_is_refused(client, expert, submission):
    client.force_login(expert)
    response = client.post(
        reverse("publishing:review", args=[submission.pk]),
        {"changes-comment": "", "changes": "1", "publish-text": "Kept opinion"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    submission.refresh_from_db()
    assert submission.status == Practice.Status.IN_REVIEW


def test_an_expert_cannot_review_their_own_practice(client, expert):
    practice = PracticeFactory(draft=True, author=expert)
    IndicatorFactory(practice=practice)
    practice_transition(practice=practice, to=Practice.Status.IN_REVIEW, by=expert)
    client.force_login(expert)
    url = reverse("publishing:review", args=[practice.pk])
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    assertNotContains(client.get(reverse("publishing:queue")), practice.title)


def test_a_practice_in_review_cannot_be_edited(client, author, submission):
    client.force_login(author)
    url = reverse("publishing:step", kwargs={"pk": submission.pk, "number": 1})
    response = client.post(url, {"practice-title": "Changed"})
    assert response.status_code == HTTPStatus.FOUND
    submission.refresh_from_db()
    assert submission.title == "Submitted practice"


def test_review_of_a_published_practice_is_404(client, expert):
    practice = PracticeFactory()
    client.force_login(expert)
    url = reverse("publishing:review", args=[practice.pk])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_the_header_links_experts_to_the_queue(client, expert):
    queue = reverse("publishing:queue")
    client.force_login(UserFactory(verified=True))
    response = client.get(reverse("publishing:drafts"))
    assertContains(response, reverse("publishing:new"))
    assertNotContains(response, queue)
    client.force_login(expert)
    assertContains(client.get(reverse("publishing:drafts")), queue)


def test_the_decision_is_written_in_the_authors_language(
    client, expert, author, submission, run_worker
):
    author.language = "fr"
    author.save(update_fields=["language"])
    client.force_login(expert)
    client.post(
        reverse("publishing:review", args=[submission.pk]),
        {"publish-text": "A model for other regions.", "publish": "1"},
    )
    run_worker()
    (email,) = mail.outbox
    assert "est publiée" in email.subject
    assert f"http://localhost:8000/fr{submission.get_absolute_url()}" in email.body
