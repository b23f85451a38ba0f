"""`purge_expired_data` keeps the retention promises of the privacy page."""

import datetime
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone


def purge(*args):
    out = StringIO()
    call_command("purge_expired_data", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_expired_sessions_are_deleted_and_live_ones_kept():
    now = timezone.now()
    Session.objects.create(
        session_key="expired", session_data="", expire_date=now - datetime.timedelta(1)
    )
    Session.objects.create(
        session_key="live", session_data="", expire_date=now + datetime.timedelta(1)
    )
    purge()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]


@pytest.mark.django_db
def test_dry_run_deletes_nothing():
    Session.objects.create(
        session_key="expired",
        session_data="",
        expire_date=timezone.now() - datetime.timedelta(1),
    )
    purge("--dry-run")
    assert Session.objects.filter(session_key="expired").exists()


@pytest.mark.django_db
def test_messages_older_than_the_retention_are_deleted(settings):
    from messaging.models import Message
    from tests.factories import PracticeFactory, UserFactory

    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "messages": 30}
    practice = PracticeFactory()
    old, recent = (
        Message.objects.create(
            practice=practice,
            sender=UserFactory(),
            recipient=practice.author,
            subject=subject,
            body="Text",
        )
        for subject in ("old", "recent")
    )
    Message.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    output = purge()
    assert list(Message.objects.values_list("subject", flat=True)) == ["recent"]
    assert "messages" in output
