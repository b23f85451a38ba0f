"""A form sent after the session ended: what was typed waits for the log-in."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from pages.kept_input import MAX_PAGES, MAX_VALUE, SESSION_KEY
from tests.factories import PracticeFactory, UserFactory
from tests.transfers.factories import TransferFactory
from transfers.models import Transfer

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


def log_in(client, response, email):
    """Log in from the page the portal sent a signed-out visitor to."""
    login_page = response.redirect_chain[-1][0]
    assert login_page.startswith(reverse("account_login"))
    return client.post(login_page, {"login": email, "password": PASSWORD}, follow=True)


@pytest.fixture
def practice():
    author = UserFactory(verified=True, email="author@example.org")
    return PracticeFactory(author=author, title="Creative District")


def test_a_transfer_record_waits_for_the_log_in(client, practice):
    UserFactory(verified=True, email="region@example.org")
    url = reverse("transfers:record", args=[practice.slug])
    typed = {
        "organisation_name": "Agence régionale",
        "country": "FR",
        "nuts_code": "FR10",
        "stage": "adapting",
        "adaptations": "Vouchers for design studios only.",
    }

    response = client.post(url, typed, follow=True)
    assertContains(response, "What you wrote is not sent yet")
    assert not Transfer.objects.exists()

    response = log_in(client, response, "region@example.org")
    assert response.request["PATH_INFO"] == url
    assertContains(response, 'value="Agence régionale"')
    assertContains(response, "Vouchers for design studios only.</textarea>")
    assertContains(response, '<option value="adapting" selected>')


def test_a_decision_posted_signed_out_comes_back_on_the_transfer_page(client, practice):
    """The form's action only takes a POST: the member comes back to its page."""
    transfer = TransferFactory(practice=practice)
    decide = reverse("transfers:decide", args=[transfer.pk])
    typed = {"decision": "decline", "reason": "Not our practice, I am afraid."}

    response = client.post(decide, typed, follow=True)
    response = log_in(client, response, "author@example.org")

    assert response.status_code == HTTPStatus.OK
    assert response.request["PATH_INFO"] == transfer.get_absolute_url()
    assertContains(response, "Not our practice, I am afraid.</textarea>")
    transfer.refresh_from_db()
    assert transfer.is_pending  # Nothing was decided behind the author's back.

    assert client.post(decide, typed).status_code == HTTPStatus.FOUND
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.DECLINED
    assert decide not in client.session[SESSION_KEY]  # Done: forgotten.


def test_a_wizard_step_comes_back_as_it_was_typed(client):
    UserFactory(verified=True, email="writer@example.org")
    url = reverse("publishing:new")
    typed = {"practice-title": "", "practice-summary": "Half a summary, kept"}

    response = client.post(url, typed, follow=True)
    response = log_in(client, response, "writer@example.org")

    assert response.request["PATH_INFO"] == url
    assertContains(response, "Half a summary, kept")


def test_what_is_kept_is_bounded(client, practice):
    for number in range(MAX_PAGES + 2):
        client.post(
            reverse("messaging:contact", args=[f"{practice.slug}-{number}"]),
            {"subject": "s", "body": "b" * (MAX_VALUE + 10)},
        )
    kept = client.session[SESSION_KEY]
    assert len(kept) == MAX_PAGES
    assert all(len(fields["body"][0]) == MAX_VALUE for fields in kept.values())
    assert all("csrfmiddlewaretoken" not in fields for fields in kept.values())


def test_what_was_kept_fills_only_the_form_it_was_typed_into(client, practice):
    UserFactory(verified=True, email="reader@example.org")
    client.post(
        reverse("messaging:contact", args=[practice.slug]),
        {"subject": "Mine", "body": "Typed on this page"},
    )
    client.post(
        reverse("account_login"),
        {"login": "reader@example.org", "password": PASSWORD},
        follow=True,
    )
    # Kept under the contact page only: the practice page is not filled with it.
    assertNotContains(client.get(practice.get_absolute_url()), "Typed on this page")
    assertContains(
        client.get(reverse("messaging:contact", args=[practice.slug])),
        "Typed on this page",
    )
