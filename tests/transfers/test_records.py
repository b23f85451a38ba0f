"""Recording a transfer, confirming or declining it, and its stage history."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from following.models import Notice
from tests.factories import FollowFactory, PracticeFactory, UserFactory
from tests.transfers.factories import TransferFactory
from transfers.models import Stage, StageChange, Transfer

pytestmark = pytest.mark.django_db

FORM = {
    "organisation_name": "Agence régionale",
    "country": "FR",
    "region": "Île-de-France",
    "nuts_code": "fr10",
    "stage": "adapting",
    "start_date": "2024-03",
    "adaptations": "Vouchers for design studios only.",
    "results": "Twelve firms.",
    "is_contactable": "on",
}


@pytest.fixture
def practice():
    author = UserFactory(verified=True, email="author@example.org")
    return PracticeFactory(author=author, title="Creative District")


def record_url(practice):
    return reverse("transfers:record", args=[practice.slug])


def test_a_verified_member_records_a_pending_transfer_and_the_author_is_told(
    client, practice, run_worker, django_capture_on_commit_callbacks
):
    member = UserFactory(verified=True)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(record_url(practice), FORM)
    transfer = Transfer.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == transfer.get_absolute_url()
    assert transfer.status == Transfer.Status.PENDING
    assert transfer.recorded_by == member
    assert transfer.nuts_code == "FR10"
    assert transfer.start_date.isoformat() == "2024-03-01"
    assert list(transfer.history.values_list("stage", flat=True)) == ["adapting"]
    notice = Notice.objects.get(user=practice.author)
    assert notice.kind == Notice.Kind.TRANSFER_RECORDED
    run_worker()
    assert [m.to for m in mail.outbox] == [["author@example.org"]]
    assert "awaits your confirmation" in mail.outbox[0].body


def test_an_unverified_member_may_not_record(client, practice):
    client.force_login(UserFactory())
    response = client.post(record_url(practice), FORM)
    assertContains(response, "verify your e-mail", status_code=HTTPStatus.FORBIDDEN)
    assert not Transfer.objects.exists()


def test_the_author_does_not_record_their_own_practice(client, practice):
    client.force_login(practice.author)
    response = client.post(record_url(practice), FORM)
    assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"nuts_code": "B3"}, "nuts_code"),
        ({"stage": "stopped"}, "stopped_reason"),
        ({"organisation_name": ""}, "organisation_name"),
        ({"start_date": "2024-13"}, "start_date"),
        ({"country": "XX"}, "country"),
    ],
)
def test_bad_input_is_refused_and_kept(client, practice, change, field):
    client.force_login(UserFactory(verified=True))
    response = client.post(record_url(practice), {**FORM, **change})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert field in response.context["form"].errors
    assertContains(response, "Vouchers for design studios only.", status_code=400)
    assert not Transfer.objects.exists()


def test_a_pending_transfer_is_not_public(client, practice):
    transfer = TransferFactory(practice=practice, region="Secret Valley")
    assert client.get(transfer.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assertNotContains(client.get(practice.get_absolute_url()), "Secret Valley")
    client.force_login(UserFactory(verified=True))
    assert client.get(transfer.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.force_login(transfer.recorded_by)
    assertContains(client.get(transfer.get_absolute_url()), "Secret Valley")


def decide(client, transfer, **data):
    return client.post(reverse("transfers:decide", args=[transfer.pk]), data)


@pytest.mark.parametrize("who", ["author", "expert", "staff"])
def test_author_expert_or_staff_confirm(client, practice, who):
    user = {
        "author": practice.author,
        "expert": UserFactory(expert=True),
        "staff": UserFactory(is_staff=True),
    }[who]
    transfer = TransferFactory(practice=practice, region="Lisbon Coast")
    client.force_login(user)
    response = decide(client, transfer, decision="confirm")
    assert response.status_code == HTTPStatus.FOUND
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.CONFIRMED
    assert transfer.decided_by == user
    client.logout()
    assertContains(client.get(practice.get_absolute_url()), "Lisbon Coast")


def test_others_may_not_confirm(client, practice):
    transfer = TransferFactory(practice=practice)
    client.force_login(UserFactory(verified=True))
    assert decide(client, transfer, decision="confirm").status_code == 404
    # The member who recorded it cannot confirm their own claim.
    client.force_login(transfer.recorded_by)
    assert decide(client, transfer, decision="confirm").status_code == 403
    transfer.refresh_from_db()
    assert transfer.is_pending


def test_declining_needs_a_reason(client, practice):
    transfer = TransferFactory(practice=practice)
    client.force_login(practice.author)
    response = decide(client, transfer, decision="decline", reason=" ")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "reason" in response.context["decision_form"].errors
    response = decide(client, transfer, decision="decline", reason="Not our model.")
    assert response.status_code == HTTPStatus.FOUND
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.DECLINED
    assert transfer.decline_reason == "Not our model."
    # A decision is taken once.
    assert decide(client, transfer, decision="confirm").status_code == 400


def test_confirmation_and_implementation_reach_followers_once(
    client, practice, django_capture_on_commit_callbacks
):
    follower = UserFactory(verified=True)
    FollowFactory(practice=practice, user=follower)
    transfer = TransferFactory(practice=practice, recorded_by__verified=True)
    client.force_login(practice.author)
    decide(client, transfer, decision="confirm")
    assert list(
        Notice.objects.filter(user=follower).values_list("kind", flat=True)
    ) == [Notice.Kind.TRANSFER_CONFIRMED]
    stage_url = reverse("transfers:stage", args=[transfer.pk])
    client.force_login(transfer.recorded_by)
    for stage in ["implemented", "adapting", "implemented"]:
        response = client.post(stage_url, {"stage": stage, "note": ""})
        assert response.status_code == HTTPStatus.FOUND
    kinds = Notice.objects.filter(user=follower).values_list("kind", flat=True)
    assert sorted(kinds) == [
        Notice.Kind.TRANSFER_CONFIRMED,
        Notice.Kind.TRANSFER_IMPLEMENTED,
    ]


def test_each_stage_is_dated_and_kept(client, practice):
    transfer = TransferFactory(practice=practice, confirmed=True, stage=Stage.EXPLORING)
    client.force_login(transfer.recorded_by)
    url = reverse("transfers:stage", args=[transfer.pk])
    client.post(url, {"stage": "adapting", "note": "Budget voted."})
    response = client.post(url, {"stage": "stopped", "note": ""})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    client.post(url, {"stage": "stopped", "note": "Elections changed the plan."})
    history = list(StageChange.objects.filter(transfer=transfer))
    assert [c.stage for c in history] == ["exploring", "adapting", "stopped"]
    assert history[-1].note == "Elections changed the plan."
    assert all(c.changed_at for c in history)
    transfer.refresh_from_db()
    assert transfer.stopped_reason == "Elections changed the plan."
    page = client.get(transfer.get_absolute_url())
    assertContains(page, "Budget voted.")
    assertContains(page, "Elections changed the plan.")


def test_only_the_recorder_changes_the_stage(client, practice):
    transfer = TransferFactory(practice=practice, confirmed=True)
    client.force_login(practice.author)
    url = reverse("transfers:stage", args=[transfer.pk])
    assert client.post(url, {"stage": "implemented"}).status_code == 403
    assert StageChange.objects.filter(transfer=transfer).count() == 1
