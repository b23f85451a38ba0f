"""Still true? Authors confirm once a year that their practice still runs."""

import datetime
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from evidence import confirmations
from evidence.models import EvidenceAssessment
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def ago(days):
    return timezone.now() - days * DAY


@pytest.fixture
def author():
    return UserFactory(verified=True, language="fr")


@pytest.fixture
def old(author):
    """Published 13 months ago, never confirmed: due."""
    return PracticeFactory(author=author, published_at=ago(400), title="Vieille")


def test_the_job_asks_each_due_author_once_in_their_language(old, mailoutbox):
    PracticeFactory(published_at=ago(100))  # recent: not due
    PracticeFactory(draft=True)  # a draft: never
    call_command("send_confirmation_requests", stdout=None)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [old.author.email]
    assert "« Vieille » est-elle toujours en place" in message.subject
    confirm = reverse("evidence:confirm", kwargs={"pk": old.pk})
    assert confirm.startswith("/evidence/")
    assert f"/fr{confirm}" in message.body
    # Asked once: the next runs (tomorrow, next month) send nothing more.
    confirmations.confirmation_requests_send()
    confirmations.confirmation_requests_send(now=timezone.now() + 30 * DAY)
    assert len(mailoutbox) == 1
    # A year later, still unconfirmed, the author is asked again.
    confirmations.confirmation_requests_send(now=timezone.now() + 366 * DAY)
    assert [m.to for m in mailoutbox].count([old.author.email]) == 2


def test_a_failed_mail_is_tried_again_next_run(old, monkeypatch, mailoutbox):
    def broken(**kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(confirmations, "confirmation_request_send", broken)
    assert confirmations.confirmation_requests_send() == (0, 1)
    monkeypatch.undo()
    assert confirmations.confirmation_requests_send() == (1, 0)
    assert len(mailoutbox) == 1


def test_confirming_resets_the_year(client, old, author, mailoutbox):
    client.force_login(author)
    url = reverse("evidence:confirm", kwargs={"pk": old.pk})
    assertContains(client.get(url), 'name="still_runs"')
    response = client.post(url, {"still_runs": "on", "note": "Ten new firms."})
    assert response.status_code == HTTPStatus.FOUND
    assessment = EvidenceAssessment.objects.get(practice=old)
    assert assessment.confirmed_at > ago(1)
    assert assessment.confirmed_by == author
    assert assessment.confirmation_note == "Ten new firms."
    confirmations.confirmation_requests_send()
    assert mailoutbox == []
    exported = author.personal_data()["evidence"]["practices_confirmed"]
    assert exported[0]["confirmation_note"] == "Ten new firms."
    page = client.get(old.get_absolute_url())
    assertContains(page, 'id="achieved-since"')
    assertContains(page, "Ten new firms.")


def test_confirming_needs_the_box_ticked(client, old, author):
    client.force_login(author)
    url = reverse("evidence:confirm", kwargs={"pk": old.pk})
    response = client.post(url, {"note": "x"})
    assertContains(response, "Tick the box", status_code=HTTPStatus.BAD_REQUEST)
    assert not EvidenceAssessment.objects.filter(confirmed_at__isnull=False).exists()


def test_only_the_author_or_staff_confirm(client, old):
    url = reverse("evidence:confirm", kwargs={"pk": old.pk})
    data = {"still_runs": "on"}
    assert client.post(url, data).status_code == HTTPStatus.FOUND  # to the login
    client.force_login(UserFactory())
    assert client.post(url, data).status_code == HTTPStatus.FORBIDDEN  # unverified
    client.force_login(UserFactory(verified=True))
    assert client.post(url, data).status_code == HTTPStatus.NOT_FOUND
    client.force_login(UserFactory(expert=True))
    assert client.post(url, data).status_code == HTTPStatus.NOT_FOUND
    assert not EvidenceAssessment.objects.exists()
    client.force_login(UserFactory(verified=True, is_staff=True))
    assert client.post(url, data).status_code == HTTPStatus.FOUND
    assert EvidenceAssessment.objects.get().confirmed_at is not None


def test_a_draft_cannot_be_confirmed(client, author):
    draft = PracticeFactory(draft=True, author=author)
    client.force_login(author)
    url = reverse("evidence:confirm", kwargs={"pk": draft.pk})
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_the_page_says_not_confirmed_since_at_18_months(client, committed):
    practice = PracticeFactory(published_at=ago(540))
    response = client.get(practice.get_absolute_url())
    assertNotContains(response, "Not confirmed since")
    with committed():
        practice.published_at = ago(560)
        practice.save()
    response = client.get(practice.get_absolute_url())
    since = timezone.localdate(practice.published_at).isoformat()
    assertContains(response, f'Not confirmed since <time datetime="{since}">', 2)
    assertContains(response, 'class="stale-notice"')
    assertContains(response, 'id="confirmation"')
    french = client.get(f"/fr{practice.get_absolute_url()}")
    assertContains(french, "Non confirmée depuis le")


def test_the_banner_appears_when_the_months_pass_without_a_change(client):
    # Time alone changes it: kept pages age out after PAGE_CACHE_SECONDS.
    practice = PracticeFactory(published_at=ago(540))
    assertNotContains(client.get(practice.get_absolute_url()), "stale-notice")
    later = timezone.now() + 20 * DAY
    assert confirmations.unconfirmed_since(practice, now=later)
    assert not confirmations.unconfirmed_since(practice)


def test_a_confirmed_practice_shows_when(client):
    practice = PracticeFactory(published_at=ago(900))
    EvidenceAssessment.objects.create(practice=practice, confirmed_at=ago(10))
    response = client.get(practice.get_absolute_url())
    assertNotContains(response, "Not confirmed since")
    assertContains(response, "Confirmed by its author on")


def test_staff_list_the_unconfirmed(client, django_assert_max_num_queries):
    stale = PracticeFactory(published_at=ago(600), title="Stale one")
    PracticeFactory(published_at=ago(30), title="Fresh one")
    url = reverse("evidence:unconfirmed")
    assert client.get(url).status_code == HTTPStatus.FOUND
    client.force_login(UserFactory(verified=True))
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    client.force_login(UserFactory(verified=True, is_staff=True))
    PracticeFactory.create_batch(5, published_at=ago(700))
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assertContains(response, stale.title)
    assertNotContains(response, "Fresh one")
