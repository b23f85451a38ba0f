import datetime
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from following.models import Frequency, Notice, NotificationPreference
from following.services import change_key_for
from practices.models import Practice
from practices.signals import practice_changed
from tests.factories import ExpertOpinionFactory, FollowFactory, UserFactory

pytestmark = pytest.mark.django_db


def announce(practice, kind="updated", **kwargs):
    practice_changed.send(sender=Practice, practice=practice, kind=kind, **kwargs)


def test_a_change_makes_one_notice_per_follower(practice, follower):
    other = UserFactory(verified=True)
    FollowFactory(practice=practice, user=other)
    UserFactory()  # not a follower
    announce(practice)
    assert Notice.objects.count() == 2
    assert set(Notice.objects.values_list("user_id", flat=True)) == {
        follower.pk,
        other.pk,
    }


def test_the_same_change_never_makes_two_notices(practice, follower):
    announce(practice)
    announce(practice)
    assert Notice.objects.count() == 1
    practice.summary = "Changed again."
    practice.save()
    announce(practice)
    assert Notice.objects.count() == 2


def test_each_new_opinion_is_its_own_change(practice, follower):
    first = ExpertOpinionFactory(practice=practice)
    second = ExpertOpinionFactory(practice=practice)
    announce(practice, "opinion", opinion=first)
    announce(practice, "opinion", opinion=first)
    announce(practice, "opinion", opinion=second)
    assert Notice.objects.filter(kind=Notice.Kind.OPINION).count() == 2
    assert change_key_for(
        practice=practice, kind="opinion", opinion=first
    ) != change_key_for(practice=practice, kind="opinion", opinion=second)


def test_an_unknown_kind_is_a_programming_error(practice, follower):
    with pytest.raises(ValueError, match="Unknown practice change kind"):
        announce(practice, "deleted")


def test_immediate_notice_is_emailed_once_by_the_worker(
    practice, follower, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announce(practice)
    assert mail.outbox == []  # nothing is sent in the request
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["follower@example.org"]
    assert "Creative District" in message.subject
    assert "http://localhost:8000/practices/" in message.body
    assert "/following/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://localhost:8000/following/unsubscribe/"
    )
    assert Notice.objects.get().emailed_at is not None
    # Running the worker or the retry command again sends nothing new.
    run_worker()
    call_command("send_pending_notices", verbosity=0)
    assert len(mail.outbox) == 1


def test_weekly_notices_wait_for_the_digest(
    practice, follower, run_worker, django_capture_on_commit_callbacks
):
    NotificationPreference.set_for(follower, Frequency.WEEKLY)
    second = FollowFactory(user=follower).practice
    with django_capture_on_commit_callbacks(execute=True):
        announce(practice)
        announce(second, "published")
    run_worker()
    call_command("send_pending_notices", verbosity=0)
    assert mail.outbox == []
    call_command("send_notice_digests", verbosity=0)
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert "weekly digest: 2 changes" in digest.subject
    assert "Creative District" in digest.body
    assert second.title in digest.body
    call_command("send_notice_digests", verbosity=0)
    assert len(mail.outbox) == 1
    assert not Notice.objects.unsent().exists()


def test_never_means_no_email_but_the_dashboard_still_lists_it(
    client, practice, follower, run_worker, django_capture_on_commit_callbacks
):
    NotificationPreference.set_for(follower, Frequency.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        announce(practice)
    run_worker()
    call_command("send_pending_notices", verbosity=0)
    call_command("send_notice_digests", verbosity=0)
    assert mail.outbox == []
    client.force_login(follower)
    response = client.get("/dashboard/")
    assert "The practice was updated" in response.text


def test_unverified_addresses_get_no_email(
    practice, run_worker, django_capture_on_commit_callbacks
):
    FollowFactory(practice=practice, user=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        announce(practice)
    run_worker()
    assert mail.outbox == []


def test_failed_send_is_retried_and_never_duplicated(
    settings,
    practice,
    follower,
    run_worker,
    mail_server_down,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        announce(practice)
    run_worker()
    assert DBTaskResult.objects.get().status == "FAILED"
    assert Notice.objects.get().emailed_at is None
    # Still down: the retry command reports it and keeps the notice.
    call_command("send_pending_notices", verbosity=0)
    assert Notice.objects.get().emailed_at is None

    # The mail server is back.
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    call_command("send_pending_notices", verbosity=0)
    call_command("send_pending_notices", verbosity=0)
    assert len(mail.outbox) == 1
    assert Notice.objects.get().emailed_at is not None


def test_a_failed_digest_is_kept_for_the_next_week(
    settings, practice, follower, mail_server_down
):
    NotificationPreference.set_for(follower, Frequency.WEEKLY)
    announce(practice)
    call_command("send_notice_digests", verbosity=0)
    assert Notice.objects.get().emailed_at is None
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    call_command("send_notice_digests", verbosity=0)
    assert len(mail.outbox) == 1


def test_personal_data_and_expired_data_hooks(practice, follower):
    from django.apps import apps

    config = apps.get_app_config("following")
    announce(practice)
    data = config.personal_data(follower)
    assert follower.personal_data()["practices"]["follows"][0]["practice__title"] == (
        "Creative District"
    )
    assert data["notices"][0]["kind"] == "updated"
    assert data["notification_preference"] == {"frequency": "immediately"}

    Notice.objects.update(emailed_at=timezone.now() - datetime.timedelta(days=31))
    expired = config.expired_data(timezone.now(), {"logs": 30, "messages": 365})
    assert expired["delivered notices"].count() == 1
    assert expired["old unsent notices"].count() == 0
    call_command("purge_expired_data", verbosity=0)
    assert not Notice.objects.exists()


def test_notice_travels_through_a_real_smtp_server(
    practice, follower, run_worker, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announce(practice)
    run_worker()
    assert len(smtp_server) == 1
    message = smtp_server[0]
    assert message["To"] == "follower@example.org"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/one-click/>" in message["List-Unsubscribe"]
    assert "Creative District" in message["Subject"]


def test_a_follower_reads_notices_in_their_language(
    practice, follower, run_worker, django_capture_on_commit_callbacks
):
    follower.language = "fr"
    follower.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        announce(practice)
    run_worker()
    (email,) = mail.outbox
    assert email.subject.endswith(
        "Une pratique que vous suivez a changé : Creative District"
    )
    assert "http://localhost:8000/fr/practices/" in email.body


def test_every_opinion_and_every_edit_of_one_reaches_followers(
    client, practice, follower, run_worker, django_capture_on_commit_callbacks
):
    """Through the experts' form: two opinions and an edit are three notices."""
    first, second = UserFactory(expert=True), UserFactory(expert=True)
    url = reverse("publishing:opinion", args=[practice.pk])
    for expert, text in [
        (first, "A first judgement."),
        (second, "A second judgement."),
        (first, "A first judgement, revised."),
    ]:
        client.force_login(expert)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, {"text": text}).status_code == HTTPStatus.FOUND
        run_worker()
    assert Notice.objects.filter(kind=Notice.Kind.OPINION).count() == 3
    assert len(mail.outbox) == 3
    assert all(notice.emailed_at for notice in Notice.objects.all())
