from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from practices.signals import practice_changed
from publishing.models import PracticeRevision
from tests.factories import (
    ActionAxisFactory,
    PracticeFactory,
    PracticeItemFactory,
    UserFactory,
)

from .conftest import management

pytestmark = pytest.mark.django_db


@pytest.fixture
def signals():
    received = []

    def receiver(sender, practice, kind, **kwargs):
        received.append(kind)

    practice_changed.connect(receiver)
    yield received
    practice_changed.disconnect(receiver)


@pytest.fixture
def published(author):
    return PracticeFactory(author=author, title="Original title")


def edit_title(client, practice, title):
    return client.post(
        reverse("publishing:step", kwargs={"pk": practice.pk, "number": 1}),
        {
            "practice-title": title,
            "practice-summary": practice.summary,
            "practice-description": practice.description,
        },
    )


def publish_minor(client, practice):
    return client.post(reverse("publishing:proposal-minor", args=[practice.pk]))


def test_an_edit_of_a_published_practice_is_a_proposal(
    author_client, published, signals
):
    response = edit_title(author_client, published, "New title")
    assert response.status_code == HTTPStatus.FOUND
    (proposal,) = PracticeRevision.objects.all()
    assert proposal.state == PracticeRevision.State.PENDING
    assert proposal.snapshot["title"] == "New title"
    assert proposal.based_on["title"] == "Original title"
    published.refresh_from_db()
    assert published.title == "Original title"
    assert signals == []
    # A second save changes the same proposal; saving the live text withdraws it.
    edit_title(author_client, published, "Newer title")
    (proposal,) = PracticeRevision.objects.all()
    assert proposal.snapshot["title"] == "Newer title"
    edit_title(author_client, published, "Original title")
    proposal.refresh_from_db()
    assert proposal.state == PracticeRevision.State.WITHDRAWN
    assert signals == []


def test_editing_parts_records_a_proposal(author_client, published, signals):
    PracticeItemFactory(practice=published, text="Old evidence")
    url = reverse("publishing:step", kwargs={"pk": published.pk, "number": 6})
    # The step shows the kept rows as rows of the proposal.
    assertContains(author_client.get(url), "Old evidence")
    data = {
        **management("evidence", 2),
        "evidence-0-text": "New evidence",
        "evidence-0-order": "0",
        "evidence-1-text": "Added evidence",
        "evidence-1-order": "1",
        **management("difficulty", 0),
        **management("learning", 0),
        **management("indicators", 0),
    }
    assert author_client.post(url, data).status_code == HTTPStatus.FOUND
    snapshot = PracticeRevision.objects.pending().get().snapshot
    assert [i["text"] for i in snapshot["items"]] == ["New evidence", "Added evidence"]
    assert [i.text for i in published.items.all()] == ["Old evidence"]
    # The proposal, not the live rows, is what the step shows next.
    response = author_client.get(url)
    assertContains(response, "Added evidence")
    assert signals == []


def test_drafts_keep_no_revisions(author_client, author, signals):
    draft = PracticeFactory(draft=True, author=author)
    edit_title(author_client, draft, "Changed")
    draft.refresh_from_db()
    assert draft.title == "Changed"
    assert not PracticeRevision.objects.exists()
    assert signals == []


def test_staff_compare_and_restore(client, published, staff, signals):
    PracticeItemFactory(practice=published, text="Kept evidence")
    client.force_login(staff)
    edit_title(client, published, "Second title")
    publish_minor(client, published)
    edit_title(client, published, "Third title")
    publish_minor(client, published)
    _baseline, first, second = PracticeRevision.objects.order_by("decided_at")
    url = reverse("publishing:revisions", args=[published.pk])
    response = client.get(url, {"a": first.pk, "b": second.pk})
    assertContains(response, "-  &quot;title&quot;: &quot;Second title&quot;")
    assertContains(response, "+  &quot;title&quot;: &quot;Third title&quot;")
    assertContains(response, "minor correction")
    for revision in (_baseline, first, second):
        assertContains(response, reverse("publishing:restore", args=[revision.pk]))
    same = client.get(url, {"a": first.pk, "b": first.pk})
    assertContains(same, "The two revisions are the same.")
    published.items.all().delete()
    signals.clear()
    response = client.post(reverse("publishing:restore", args=[first.pk]))
    assert response.status_code == HTTPStatus.FOUND
    published.refresh_from_db()
    assert published.title == "Second title"
    assert [i.text for i in published.items.all()] == ["Kept evidence"]
    assert PracticeRevision.objects.count() == 4
    assert "Restored" in PracticeRevision.objects.first().comment
    assert signals == ["updated"]


@pytest.mark.parametrize("role", ["anonymous", "author", "expert"])
def test_only_staff_see_and_restore_revisions(client, published, role, author):
    edit_target = PracticeRevision.objects.create(
        practice=published, snapshot={"title": "x"}
    )
    users = {"author": author, "expert": UserFactory(expert=True)}
    if role in users:
        client.force_login(users[role])
    expected = 302 if role == "anonymous" else 403
    assert (
        client.get(reverse("publishing:revisions", args=[published.pk])).status_code
        == expected
    )
    response = client.post(reverse("publishing:restore", args=[edit_target.pk]))
    assert response.status_code == expected


def test_a_revision_that_no_longer_fits_is_not_restored(client, published, staff):
    revision = PracticeRevision.objects.create(
        practice=published, snapshot={"title": "Only a title"}
    )
    client.force_login(staff)
    response = client.post(
        reverse("publishing:restore", args=[revision.pk]), follow=True
    )
    assertContains(response, "not restored")
    published.refresh_from_db()
    assert published.title == "Original title"


def test_the_wizard_works_in_french(author_client, published):
    url = reverse("publishing:step", kwargs={"pk": published.pk, "number": 1})
    response = author_client.get(f"/fr{url}")
    assert response.status_code == HTTPStatus.OK
    assertContains(response, 'lang="fr"')


def test_a_restored_revision_is_found_by_search(
    client, author_client, published, staff, django_capture_on_commit_callbacks
):
    """The items and axes a restore puts back are searchable again."""
    PracticeItemFactory(practice=published, text="Zanzibarite evidence")
    ActionAxisFactory(practice=published, title="Quokka axis")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        edit_title(author_client, published, "Second title")
        publish_minor(client, published)
    revision = next(
        r
        for r in PracticeRevision.objects.all()
        if r.snapshot["title"] == "Second title"
    )
    with django_capture_on_commit_callbacks(execute=True):
        published.items.all().delete()
        published.axes.all().delete()
        edit_title(author_client, published, "Third title")
        publish_minor(client, published)
    client.logout()
    for word in ("zanzibarite", "quokka"):
        assertNotContains(client.get("/practices/", {"q": word}), "Third title")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("publishing:restore", args=[revision.pk]))
    assert response.status_code == HTTPStatus.FOUND
    client.logout()
    for word in ("zanzibarite", "quokka"):
        assertContains(client.get("/practices/", {"q": word}), "Second title")
