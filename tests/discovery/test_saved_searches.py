from email.header import decode_header, make_header
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from discovery.models import SavedSearch
from discovery.services import new_practice_notices, saved_search_create
from discovery.tokens import make_alert_token
from following.models import Frequency, Notice
from following.tokens import make_unsubscribe_token
from publishing.lifecycle import practice_transition
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


def publish(practice, django_capture_on_commit_callbacks):
    staff = UserFactory(is_staff=True, verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        practice_transition(practice=practice, to="published", by=staff)


def save(user, query="country=FR", frequency=Frequency.IMMEDIATELY, name="France"):
    return saved_search_create(user=user, name=name, query=query, frequency=frequency)


def test_a_member_saves_the_search_from_the_list(client, member):
    client.force_login(member)
    form = client.get(
        reverse("discovery:saved-search-new"), {"q": "creative", "country": "FR"}
    )
    assertContains(form, 'name="search" value="q=creative&amp;country=FR"')
    response = client.post(
        reverse("discovery:saved-search-new"),
        {
            "search": "q=creative&country=FR&page=3&evil=1",
            "name": "Creative in France",
            "frequency": "weekly",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    saved = SavedSearch.objects.get(user=member)
    # Only the list's own parameters are kept, in a fixed order.
    assert saved.query == "q=creative&country=FR"
    assert saved.frequency == Frequency.WEEKLY
    assert saved.get_absolute_url() == "/practices/?q=creative&country=FR"
    dashboard = client.get(reverse("following:dashboard"))
    assertContains(dashboard, "Creative in France")


def test_an_invalid_search_or_name_is_refused_and_kept(client, member):
    save(member, name="France")
    client.force_login(member)
    response = client.post(
        reverse("discovery:saved-search-new"),
        {"search": "country=XX", "name": "France", "frequency": "weekly"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assertContains(response, "invalid filters", status_code=400)
    assertContains(response, "already have a saved search", status_code=400)
    assertContains(response, 'value="France"', status_code=400)
    assert SavedSearch.objects.count() == 1


def test_saving_needs_an_account(client):
    response = client.get(reverse("discovery:saved-search-new"), {"q": "x"})
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_rename_and_delete_only_ones_own(client, member):
    saved = save(member)
    other = UserFactory(verified=True)
    client.force_login(other)
    edit = reverse("discovery:saved-search-edit", args=[saved.pk])
    delete = reverse("discovery:saved-search-delete", args=[saved.pk])
    assert client.post(edit, {"name": "Mine"}).status_code == HTTPStatus.NOT_FOUND
    assert client.post(delete).status_code == HTTPStatus.NOT_FOUND
    client.force_login(member)
    response = client.post(edit, {"name": "French practices", "frequency": "never"})
    assert response.status_code == HTTPStatus.FOUND
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("French practices", Frequency.NEVER)
    bad = client.post(edit, {"name": "", "frequency": "never"})
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert client.post(delete).status_code == HTTPStatus.FOUND
    assert not SavedSearch.objects.exists()


def search_notices():
    return Notice.objects.filter(kind=Notice.Kind.SEARCH_MATCH)


def test_a_new_matching_practice_is_announced_once(
    member, in_review, run_worker, django_capture_on_commit_callbacks
):
    save(member, query="q=vouchers&country=FR")
    save(member, query="country=DE", name="Germany")
    publish(in_review, django_capture_on_commit_callbacks)
    assert mail.outbox == []  # nothing is sent in the request
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["member@example.org"]
    assert message.subject.endswith(
        "A new practice for you: Creative vouchers for Lyon"
    )
    assert "A new practice matches your saved search: “France”" in message.body
    assert "http://localhost:8000/practices/creative-vouchers-lyon/" in message.body
    # Following's notices machinery: its unsubscribe link and one-click header.
    assert "/following/unsubscribe/" in message.body
    assert "/following/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    notice = search_notices().get()
    assert (notice.user, notice.practice, notice.about) == (member, in_review, "France")
    assert notice.emailed_at is not None
    # The job run again, then withdrawn and published again: one notice.
    assert new_practice_notices(practice=in_review) == []
    staff = UserFactory(is_staff=True)
    practice_transition(practice=in_review, to="archived", by=staff)
    publish(in_review, django_capture_on_commit_callbacks)
    run_worker()
    call_command("send_pending_notices", verbosity=0)
    assert len(mail.outbox) == 1
    assert search_notices().count() == 1


def test_a_practice_matching_two_searches_is_one_notice_at_the_most_eager_frequency(
    member, in_review, django_capture_on_commit_callbacks
):
    save(member, query="country=FR", name="France", frequency=Frequency.NEVER)
    save(member, query="q=vouchers", name="Vouchers", frequency=Frequency.WEEKLY)
    publish(in_review, django_capture_on_commit_callbacks)
    notice = search_notices().get()
    assert (notice.about, notice.frequency) == ("Vouchers", Frequency.WEEKLY)


def test_an_update_or_a_non_matching_practice_alerts_nobody(
    member, django_capture_on_commit_callbacks, run_worker
):
    save(member, query="country=FR")
    german = PracticeFactory(country="DE", status="in_review", published_at=None)
    publish(german, django_capture_on_commit_callbacks)
    run_worker()
    assert mail.outbox == []
    assert not search_notices().exists()


def test_weekly_alerts_wait_for_the_digest_and_never_sends_none(
    client, member, in_review, run_worker, django_capture_on_commit_callbacks
):
    # The search's frequency wins over the member's preference (at once).
    save(member, frequency=Frequency.WEEKLY)
    quiet = UserFactory(verified=True)
    save(quiet, frequency=Frequency.NEVER)
    publish(in_review, django_capture_on_commit_callbacks)
    run_worker()
    call_command("send_pending_notices", verbosity=0)
    assert mail.outbox == []
    call_command("send_notice_digests", verbosity=0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "weekly digest: 1 notice" in mail.outbox[0].subject
    call_command("send_notice_digests", verbosity=0)
    assert len(mail.outbox) == 1
    # The member who chose no e-mail still sees the practice on the dashboard.
    client.force_login(quiet)
    dashboard = client.get(reverse("following:dashboard"))
    assertContains(dashboard, in_review.title)
    assertContains(dashboard, "A new practice matches your saved search: “France”")


def test_alert_travels_through_a_real_smtp_server_in_the_members_language(
    member, in_review, run_worker, smtp, django_capture_on_commit_callbacks
):
    member.language = "fr"
    member.save(update_fields=["language"])
    save(member)
    publish(in_review, django_capture_on_commit_callbacks)
    run_worker()
    assert len(smtp) == 1
    message = {
        key: str(make_header(decode_header(value))) for key, value in smtp[0].items()
    }
    assert message["To"] == "member@example.org"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/fr/following/unsubscribe/" in message["List-Unsubscribe"]
    assert "Une nouvelle pratique pour vous" in message["Subject"]


def test_following_one_click_unsubscribe_stops_the_searches_emails_too(
    client, member, in_review, run_worker, django_capture_on_commit_callbacks
):
    saved = save(member, frequency=Frequency.WEEKLY)
    publish(in_review, django_capture_on_commit_callbacks)
    token = make_unsubscribe_token(user=member)
    one_click = reverse("following:unsubscribe-one-click", args=[token])
    assert client.post(one_click).status_code == HTTPStatus.OK
    saved.refresh_from_db()
    assert saved.frequency == Frequency.NEVER
    # The notice already written waits for no digest any more.
    assert search_notices().get().frequency == Frequency.NEVER
    call_command("send_notice_digests", verbosity=0)
    assert mail.outbox == []


def test_unsubscribe_link_and_one_click_stop_the_emails(client, member):
    saved = save(member)
    kept = save(member, name="Other", query="country=DE")
    token = make_alert_token(user=member, saved_search=saved)
    url = reverse("discovery:unsubscribe", args=[token])
    assertContains(client.get(url), "France")
    saved.refresh_from_db()
    assert saved.frequency == Frequency.IMMEDIATELY  # a GET changes nothing
    response = client.post(url, {"confirm": "on"})
    assertContains(response, "no more e-mails about “France”")
    saved.refresh_from_db()
    kept.refresh_from_db()
    assert saved.frequency == Frequency.NEVER
    assert kept.frequency == Frequency.IMMEDIATELY
    all_token = make_alert_token(user=member)
    one_click = reverse("discovery:unsubscribe-one-click", args=[all_token])
    assert client.post(one_click).status_code == HTTPStatus.OK
    kept.refresh_from_db()
    assert kept.frequency == Frequency.NEVER
    bad = reverse("discovery:unsubscribe", args=["nope"])
    assert client.get(bad).status_code == HTTPStatus.BAD_REQUEST


def test_personal_data_export_and_account_deletion(
    client, member, in_review, django_capture_on_commit_callbacks
):
    save(member)
    publish(in_review, django_capture_on_commit_callbacks)
    data = member.personal_data()
    (exported,) = data["discovery"]["saved_searches"]
    assert exported["name"] == "France"
    assert exported["search"] == "country=FR"
    (notice,) = data["following"]["notices"]
    assert notice["practice"] == in_review.title
    assert (notice["kind"], notice["about"]) == ("search_match", "France")
    member.delete()
    assert not SavedSearch.objects.exists()
    assert not Notice.objects.exists()
