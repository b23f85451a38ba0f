from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from practices.models import ExpertOpinion
from practices.signals import practice_changed
from publishing.models import ExpertOpinionRevision
from publishing.services import opinion_save
from tests.factories import ExpertOpinionFactory, PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signals():
    received = []

    def receiver(sender, practice, kind, **kwargs):
        received.append(kind)

    practice_changed.connect(receiver)
    yield received
    practice_changed.disconnect(receiver)


def test_an_expert_writes_then_edits_their_opinion(client, expert, signals):
    practice = PracticeFactory()
    client.force_login(expert)
    url = reverse("publishing:opinion", args=[practice.pk])
    assert client.get(url).status_code == HTTPStatus.OK
    response = client.post(url, {"text": "First judgement."})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.endswith("#expert-opinion")
    response = client.post(url, {"text": "Second judgement."})
    opinion = ExpertOpinion.objects.get(practice=practice, expert=expert)
    assert opinion.text == "Second judgement."
    revision = ExpertOpinionRevision.objects.get()
    assert (revision.text, revision.edited_by) == ("First judgement.", expert)
    assert signals == ["opinion", "opinion"]
    # Saving the same text again changes nothing and tells nobody.
    client.post(url, {"text": "Second judgement."})
    assert ExpertOpinionRevision.objects.count() == 1
    assert signals == ["opinion", "opinion"]
    assertContains(client.get(url), "First judgement.")


def test_an_empty_opinion_is_refused(client, expert):
    practice = PracticeFactory()
    client.force_login(expert)
    response = client.post(
        reverse("publishing:opinion", args=[practice.pk]), {"text": " "}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not ExpertOpinion.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("reader", 403)])
def test_only_experts_write_opinions(client, role, status):
    practice = PracticeFactory()
    if role == "reader":
        client.force_login(UserFactory(verified=True))
    url = reverse("publishing:opinion", args=[practice.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"text": "Sneaky"}).status_code == status
    assert not ExpertOpinion.objects.exists()


def test_no_opinion_on_a_draft(client, expert):
    practice = PracticeFactory(draft=True)
    client.force_login(expert)
    url = reverse("publishing:opinion", args=[practice.pk])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_the_link_is_for_experts_and_the_text_never_anonymous(client, expert):
    practice = PracticeFactory()
    ExpertOpinionFactory(practice=practice, text="Secret judgement")
    link = reverse("publishing:opinion", args=[practice.pk])
    response = client.get(practice.get_absolute_url())
    assertNotContains(response, "Secret judgement")
    assertNotContains(response, link)
    client.force_login(UserFactory(verified=True))
    response = client.get(practice.get_absolute_url())
    assertContains(response, "Secret judgement")
    assertNotContains(response, link)
    client.force_login(expert)
    assertContains(client.get(practice.get_absolute_url()), link)


def test_the_page_shows_when_it_was_last_updated(client):
    practice = PracticeFactory()
    response = client.get(practice.get_absolute_url())
    assertContains(response, "Last updated")
    assertContains(response, practice.updated_at.isoformat()[:10])


def test_an_expert_cannot_give_the_opinion_on_their_own_practice(client, expert):
    practice = PracticeFactory(author=expert)
    client.force_login(expert)
    url = reverse("publishing:opinion", args=[practice.pk])
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    response = client.post(url, {"text": "My own practice is excellent."})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not ExpertOpinion.objects.filter(practice=practice).exists()


def test_the_opinion_service_refuses_the_author_too(expert):
    practice = PracticeFactory(author=expert)
    with pytest.raises(PermissionDenied):
        opinion_save(practice=practice, expert=expert, text="Self-praise.")
    with pytest.raises(PermissionDenied):
        opinion_save(practice=practice, expert=UserFactory(verified=True), text="x")
    assert not ExpertOpinion.objects.exists()
