"""Messages are kept as long as the privacy page says, counted from delivery."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from messaging.models import Message
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db

RETENTION = {"messages": 30, "logs": 30}


def message(subject, written_days_ago, delivered_days_ago=None):
    """A message written, and perhaps delivered, that many days ago."""
    now = timezone.now()
    practice = PracticeFactory()
    created = Message.objects.create(
        practice=practice,
        sender=UserFactory(),
        recipient=practice.author,
        subject=subject,
        body="Text",
    )
    Message.objects.filter(pk=created.pk).update(
        created_at=now - datetime.timedelta(days=written_days_ago),
        sent_at=None
        if delivered_days_ago is None
        else now - datetime.timedelta(days=delivered_days_ago),
        status=Message.Status.PENDING
        if delivered_days_ago is None
        else Message.Status.SENT,
    )


def expired_subjects():
    expired = apps.get_app_config("messaging").expired_data(timezone.now(), RETENTION)
    return set(expired["messages"].values_list("subject", flat=True))


def test_delivered_messages_are_kept_for_the_period_after_delivery():
    message("delivered long ago", written_days_ago=45, delivered_days_ago=31)
    message("delivered late, recently", written_days_ago=45, delivered_days_ago=5)
    message("recent", written_days_ago=2, delivered_days_ago=2)
    assert expired_subjects() == {"delivered long ago"}


def test_undelivered_messages_expire_the_period_after_they_were_written():
    message("never delivered", written_days_ago=31)
    message("still trying", written_days_ago=3)
    assert expired_subjects() == {"never delivered"}
