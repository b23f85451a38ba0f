"""The member's transfers and interests in their data export, and on deletion."""

import json

import pytest
from django.urls import reverse

from tests.factories import PracticeFactory, UserFactory
from tests.transfers.factories import InterestFactory, TransferFactory
from transfers.models import Interest, StageChange, Transfer

pytestmark = pytest.mark.django_db


def test_the_export_holds_transfers_and_interests(client):
    member = UserFactory(verified=True)
    TransferFactory(recorded_by=member, region="My Region", confirmed=True)
    InterestFactory(user=member, note="My private context")
    TransferFactory(region="Someone else's region")
    client.force_login(member)
    payload = json.loads(client.get(reverse("accounts:data-export")).content)
    part = payload["data"]["transfers"]
    assert [t["region"] for t in part["transfers_recorded"]] == ["My Region"]
    assert [i["note"] for i in part["considering"]] == ["My private context"]
    assert "Someone else" not in json.dumps(payload)


def test_deleting_the_account_keeps_the_organisations_transfer_without_the_person(
    client,
):
    member = UserFactory(verified=True)
    practice = PracticeFactory()
    transfer = TransferFactory(
        practice=practice, recorded_by=member, confirmed=True, is_contactable=True
    )
    InterestFactory(practice=practice, user=member)
    member.delete()
    transfer.refresh_from_db()
    assert transfer.recorded_by is None
    assert not transfer.is_contactable
    assert StageChange.objects.get(transfer=transfer).changed_by is None
    assert not Interest.objects.exists()
    assert Transfer.objects.count() == 1
