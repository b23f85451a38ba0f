"""Reviewed edits: an author's change to a published practice waits for an expert."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from following.models import Notice
from practices.models import ExpertOpinion, Practice
from publishing.lifecycle import practice_transition
from publishing.models import PracticeRevision
from tests.factories import (
    FollowFactory,
    IndicatorFactory,
    PracticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

OUTDATED = "the practice has changed since"
State = PracticeRevision.State


@pytest.fixture
def published(author):
    return PracticeFactory(
        author=author,
        title="Original title",
        description="The original account of the district.",
    )


@pytest.fixture
def follower(published):
    return FollowFactory(practice=published, user=UserFactory(verified=True)).user


def edit(client, practice, title, description=None):
    """Save step 1 of the wizard as the signed-in ``client``."""
    return client.post(
        reverse("publishing:step", kwargs={"pk": practice.pk, "number": 1}),
        {
            "practice-title": title,
            "practice-summary": practice.summary,
            "practice-description": description or practice.description,
        },
    )


def review(client, practice, **data):
    return client.post(reverse("publishing:review", args=[practice.pk]), data)


def publish(client, practice, opinion="Still a model for other regions."):
    return review(client, practice, **{"publish-text": opinion, "publish": "1"})


def request_changes(client, practice, comment):
    return review(client, practice, **{"changes-comment": comment, "changes": "1"})


def test_an_edit_stays_pending_and_readers_get_the_published_version(
    client, author, published
):
    client.force_login(author)
    response = edit(client, published, "Proposed title", "A zanzibarword account.")
    assert response.status_code == HTTPStatus.FOUND
    followed = client.get(response.url)
    assertContains(followed, "wait for an expert")
    assert PracticeRevision.objects.get().state == State.PENDING
    assertContains(client.get(reverse("publishing:drafts")), "wait for review")
    # The author's wizard shows the proposal, and what it changes.
    step1 = reverse("publishing:step", kwargs={"pk": published.pk, "number": 1})
    assertContains(client.get(step1), "Proposed title")
    step7 = reverse("publishing:step", kwargs={"pk": published.pk, "number": 7})
    assertContains(client.get(step7), "+  &quot;title&quot;: &quot;Proposed title")
    # Readers, signed in or not, the search, the API and the feed: the live text.
    reader = Client()
    signed_in = Client()
    signed_in.force_login(UserFactory(verified=True))
    for each in (reader, signed_in):
        page = each.get(published.get_absolute_url())
        assertContains(page, "Original title")
        assertNotContains(page, "Proposed title")
    assertContains(reader.get("/practices/", {"q": "zanzibarword"}), "0 practices")
    assertContains(reader.get("/practices/", {"q": "original"}), "Original title")
    api = reader.get(reverse("opendata:api-detail", args=[published.slug])).json()
    assert api["title"] == "Original title"
    feed = reader.get(reverse("opendata:feed"))
    assertNotContains(feed, "Proposed title")
    published.refresh_from_db()
    assert published.title == "Original title"


def test_an_expert_publishes_the_edit_and_followers_hear_once(
    client,
    author,
    expert,
    published,
    follower,
    run_worker,
    django_assert_max_num_queries,
):
    client.force_login(author)
    edit(client, published, "Proposed title")
    client.force_login(expert)
    with django_assert_max_num_queries(8):
        queue = client.get(reverse("publishing:queue"))
    assertContains(queue, "Changes to published practices")
    assertContains(queue, reverse("publishing:review", args=[published.pk]))
    with django_assert_max_num_queries(8):
        page = client.get(reverse("publishing:review", args=[published.pk]))
    assertContains(page, "-  &quot;title&quot;: &quot;Original title&quot;")
    assertContains(page, "+  &quot;title&quot;: &quot;Proposed title&quot;")
    response = publish(client, published)
    assert response.status_code == HTTPStatus.FOUND
    published.refresh_from_db()
    assert published.title == "Proposed title"
    assertContains(Client().get(published.get_absolute_url()), "Proposed title")
    proposal = PracticeRevision.objects.get(state=State.PUBLISHED, by=author)
    assert proposal.decided_by == expert
    assert not proposal.is_minor
    opinion = ExpertOpinion.objects.get(expert=expert)
    assert opinion.judged_revision == proposal
    # One notice, "updated", for the follower; none for the opinion given with it.
    assert list(Notice.objects.values_list("user", "kind")) == [
        (follower.pk, "updated")
    ]
    run_worker()
    to_author = [email for email in mail.outbox if email.to == [author.email]]
    assert len(to_author) == 1
    assert "Your changes to “Proposed title” are published" in to_author[0].subject
    # Nothing is left to review.
    assertNotContains(client.get(reverse("publishing:queue")), "Proposed title")
    page = client.get(reverse("publishing:review", args=[published.pk]))
    assert page.status_code == HTTPStatus.NOT_FOUND


def test_requested_changes_go_back_to_the_author_who_edits_again(
    client, author, expert, published, follower, run_worker
):
    client.force_login(author)
    edit(client, published, "Proposed title")
    client.force_login(expert)
    response = request_changes(client, published, "Name the partner cities.")
    assert response.status_code == HTTPStatus.FOUND
    proposal = PracticeRevision.objects.get()
    assert proposal.state == State.CHANGES_REQUESTED
    assertNotContains(client.get(reverse("publishing:queue")), "Proposed title")
    run_worker()
    (email,) = mail.outbox
    assert email.to == [author.email]
    assert "Name the partner cities." in email.body
    client.force_login(author)
    step1 = reverse("publishing:step", kwargs={"pk": published.pk, "number": 1})
    page = client.get(step1)
    assertContains(page, "Name the partner cities.")
    assertContains(page, "Proposed title")
    edit(client, published, "Better proposed title")
    proposal.refresh_from_db()
    assert proposal.state == State.PENDING
    assert proposal.snapshot["title"] == "Better proposed title"
    client.force_login(expert)
    assertContains(client.get(reverse("publishing:queue")), "Original title")
    # The live page and the followers never heard of the refused version.
    published.refresh_from_db()
    assert published.title == "Original title"
    assert not Notice.objects.exists()


def test_a_request_for_changes_needs_a_comment(client, author, expert, published):
    client.force_login(author)
    edit(client, published, "Proposed title")
    client.force_login(expert)
    response = request_changes(client, published, "")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert PracticeRevision.objects.get().state == State.PENDING


def test_an_expert_must_give_an_opinion_to_publish(client, author, expert, published):
    client.force_login(author)
    edit(client, published, "Proposed title")
    client.force_login(expert)
    response = publish(client, published, opinion="")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    published.refresh_from_db()
    assert published.title == "Original title"


def test_nobody_reviews_their_own_edit(client, published):
    expert_author = UserFactory(expert=True, verified=True)
    own = PracticeFactory(author=expert_author, title="Own practice")
    client.force_login(expert_author)
    edit(client, own, "Own proposed title")
    url = reverse("publishing:review", args=[own.pk])
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    assert publish(client, own).status_code == HTTPStatus.FORBIDDEN
    assertNotContains(client.get(reverse("publishing:queue")), "Own practice")
    own.refresh_from_db()
    assert own.title == "Own practice"
    # Staff who proposed changes to someone's practice do not review them either.
    staff = UserFactory(verified=True, is_staff=True, is_superuser=True)
    client.force_login(staff)
    edit(client, published, "Staff's proposed title")
    url = reverse("publishing:review", args=[published.pk])
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_the_author_discards_a_proposal(client, author, published):
    client.force_login(author)
    edit(client, published, "Proposed title")
    response = client.post(reverse("publishing:proposal-withdraw", args=[published.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert PracticeRevision.objects.get().state == State.WITHDRAWN
    step1 = reverse("publishing:step", kwargs={"pk": published.pk, "number": 1})
    assertContains(client.get(step1), "Original title")


def test_staff_publish_a_minor_correction_directly(client, author, published, follower):
    staff = UserFactory(verified=True, is_staff=True, is_superuser=True)
    client.force_login(author)
    edit(client, published, "Orignal title")  # the author's typo, say
    minor = reverse("publishing:proposal-minor", args=[published.pk])
    assert client.post(minor).status_code == HTTPStatus.FORBIDDEN
    client.force_login(staff)
    edit(client, published, "Original title, corrected")
    step7 = reverse("publishing:step", kwargs={"pk": published.pk, "number": 7})
    assertContains(client.get(step7), minor)
    response = client.post(minor)
    assert response.status_code == HTTPStatus.FOUND
    published.refresh_from_db()
    assert published.title == "Original title, corrected"
    correction = PracticeRevision.objects.get(is_minor=True)
    assert correction.state == State.PUBLISHED
    assert correction.decided_by == staff
    history = client.get(reverse("publishing:revisions", args=[published.pk]))
    assertContains(history, "minor correction")
    # No ceremony: followers are not told of a typo.
    assert not Notice.objects.exists()


def reader_page(practice):
    reader = Client()
    reader.force_login(UserFactory(verified=True))
    return reader.get(practice.get_absolute_url())


def test_the_opinion_says_when_the_practice_changed_since(
    client, author, expert, committed
):
    practice = PracticeFactory(draft=True, author=author, title="Judged title")
    IndicatorFactory(practice=practice)
    practice_transition(practice=practice, to=Practice.Status.IN_REVIEW, by=author)
    client.force_login(expert)
    publish(client, practice, opinion="First expert's judgement.")
    page = reader_page(practice)
    assertContains(page, "First expert&#x27;s judgement.")
    assertNotContains(page, OUTDATED)
    # A minor correction keeps the judged version current.
    staff = UserFactory(verified=True, is_staff=True, is_superuser=True)
    client.force_login(staff)
    edit(client, practice, "Judged title, corrected")
    client.post(reverse("publishing:proposal-minor", args=[practice.pk]))
    assertNotContains(reader_page(practice), OUTDATED)
    # A pending edit is not live: the opinion still judges the live text.
    client.force_login(author)
    edit(client, practice, "Rewritten title")
    assertNotContains(reader_page(practice), OUTDATED)
    # Another expert publishes it with their opinion: only the first is outdated.
    second = UserFactory(expert=True)
    client.force_login(second)
    with committed():
        publish(client, practice, opinion="Second expert's judgement.")
    page = reader_page(practice)
    assertContains(page, "Rewritten title")
    assertContains(page, OUTDATED, count=1)
    first = ExpertOpinion.objects.get(expert=expert)
    # As the page shows it: in the portal's time zone.
    date = timezone.localdate(first.judged_revision.decided_at)
    # One date style: "30 November 2026".
    assertContains(
        page, f"This opinion was given on the version of {date.day} {date:%B %Y}"
    )
    # The first expert confirms their opinion on the new version: no note left.
    client.force_login(expert)
    with committed():
        client.post(
            reverse("publishing:opinion", args=[practice.pk]),
            {"text": "First expert's judgement."},
        )
    assertNotContains(reader_page(practice), OUTDATED)


def test_the_anonymous_page_never_shows_the_opinion(client, author, expert):
    practice = PracticeFactory(draft=True, author=author)
    IndicatorFactory(practice=practice)
    practice_transition(practice=practice, to=Practice.Status.IN_REVIEW, by=author)
    client.force_login(expert)
    publish(client, practice, opinion="Confidential judgement.")
    client.force_login(author)
    edit(client, practice, "Rewritten title")
    client.force_login(UserFactory(expert=True))
    publish(client, practice, opinion="Another judgement.")
    # A signed-in reader first: the kept public text is built from that request.
    signed_in = reader_page(practice)
    assertContains(signed_in, "Confidential judgement.")
    assertContains(signed_in, OUTDATED)
    for _ in range(2):  # the second is served from the page cache
        anonymous = Client().get(practice.get_absolute_url())
        assert anonymous.status_code == HTTPStatus.OK
        assertNotContains(anonymous, "Confidential judgement.")
        assertNotContains(anonymous, "Another judgement.")
        assertNotContains(anonymous, OUTDATED)
        assertContains(anonymous, "log in")


def test_a_proposal_that_no_longer_fits_is_refused_with_a_message(
    client, author, expert, published
):
    client.force_login(author)
    edit(client, published, "Proposed title")
    proposal = PracticeRevision.objects.get()
    proposal.snapshot["main_institution_id"] = 2**31  # deleted since, say
    proposal.save(update_fields=["snapshot"])
    client.force_login(expert)
    response = publish(client, published)
    assertContains(
        response, "no longer fit the portal", status_code=HTTPStatus.BAD_REQUEST
    )
    published.refresh_from_db()
    assert published.title == "Original title"
    assert PracticeRevision.objects.get().state == State.PENDING
    assert not ExpertOpinion.objects.exists()
