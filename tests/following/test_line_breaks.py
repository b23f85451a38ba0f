"""A practice title with a line break: refused, and never fatal to notices."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from following.models import Notice
from following.services import MAX_NOTICE_ATTEMPTS
from practices.models import Practice
from practices.signals import practice_changed
from tests.factories import PracticeFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_wizard_refuses_a_title_with_a_line_break(client):
    client.force_login(UserFactory(verified=True))
    response = client.post(
        reverse("publishing:new"),
        {
            "practice-title": "Creative\r\nBcc: x@evil.example",
            "practice-summary": "A summary.",
            "practice-description": "A description.",
            "practice-topics": [TopicFactory().pk],
        },
    )
    assertContains(response, "one line", status_code=HTTPStatus.BAD_REQUEST)
    assert not Practice.objects.exists()


def test_the_model_refuses_it_too():
    practice = PracticeFactory()
    practice.title = "Two\nlines"
    with pytest.raises(ValidationError):
        practice.full_clean()


def test_a_title_with_a_line_break_still_reaches_followers(
    practice, follower, smtp_server, run_worker, django_capture_on_commit_callbacks
):
    Practice.objects.filter(pk=practice.pk).update(title="Creative\r\nDistrict")
    practice.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        practice_changed.send(sender=Practice, practice=practice, kind="updated")
    run_worker()
    (received,) = smtp_server
    assert "Creative District" in received["Subject"]
    assert Notice.objects.get().emailed_at is not None


def test_a_notice_that_can_never_be_sent_ends_failed(
    practice, follower, mail_server_down
):
    practice_changed.send(sender=Practice, practice=practice, kind="updated")
    for _ in range(MAX_NOTICE_ATTEMPTS + 2):
        call_command("send_pending_notices", verbosity=0)
    notice = Notice.objects.get()
    assert notice.emailed_at is None
    assert notice.failed_at is not None
    assert notice.attempts == MAX_NOTICE_ATTEMPTS
