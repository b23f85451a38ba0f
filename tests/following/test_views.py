import time
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from following.models import Frequency, Notice, NotificationPreference
from following.tokens import make_unsubscribe_token
from practices.models import Follow, Practice
from practices.signals import practice_changed
from tests.factories import FollowFactory, PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


def frequency_of(user):
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.frequency if preference else Frequency.IMMEDIATELY


# --- Dashboard ----------------------------------------------------------------


def test_dashboard_needs_login(client):
    response = client.get("/dashboard/")
    assertRedirects(
        response, "/accounts/login/?next=/dashboard/", fetch_redirect_response=False
    )


def test_dashboard_lists_follows_newest_change_first(client, follower, practice):
    older = PracticeFactory(title="Older practice")
    FollowFactory(user=follower, practice=older)
    Practice.objects.filter(pk=older.pk).update(
        updated_at=practice.updated_at.replace(year=2020)
    )
    PracticeFactory(title="Not followed")
    client.force_login(follower)
    response = client.get("/dashboard/")
    assertContains(response, "Creative District")
    assertNotContains(response, "Not followed")
    text = response.text
    assert text.index("Creative District") < text.index("Older practice")
    # A notice about the older practice makes it the latest change.
    practice_changed.send(
        sender=Practice, practice=older, kind="opinion", change_key="x"
    )
    text = client.get("/dashboard/").text
    assert text.index("Older practice") < text.index("Creative District")
    assert "A new expert opinion" in text
    assertContains(
        client.get("/dashboard/"),
        f'action="{reverse("following:unfollow", args=[older.slug])}"',
    )


def test_header_links_to_the_dashboard_when_signed_in(client, follower):
    assertNotContains(client.get("/"), 'href="/dashboard/"')
    client.force_login(follower)
    assertContains(client.get("/"), 'href="/dashboard/"')


def test_unfollow_from_the_dashboard_comes_back_to_it(client, follower, practice):
    client.force_login(follower)
    assertContains(client.get("/dashboard/?page=1"), 'value="/dashboard/?page=1"')
    response = client.post(
        reverse("following:unfollow", args=[practice.slug]),
        {"next": "/dashboard/?page=1"},
    )
    assertRedirects(response, "/dashboard/?page=1", fetch_redirect_response=False)
    assert not Follow.objects.filter(user=follower).exists()


def test_next_to_another_site_is_ignored(client, follower, practice):
    client.force_login(follower)
    response = client.post(
        reverse("following:follow", args=[practice.slug]),
        {"next": "https://evil.example/"},
    )
    assertRedirects(
        response,
        f"{practice.get_absolute_url()}#main-content",
        fetch_redirect_response=False,
    )


def test_french_dashboard(client, follower):
    client.force_login(follower)
    assert client.get("/fr/dashboard/").status_code == HTTPStatus.OK


@pytest.mark.parametrize("follows", [2, 30])
def test_dashboard_query_count_is_constant(
    client, django_assert_max_num_queries, follows
):
    user = UserFactory()
    for follow in FollowFactory.create_batch(follows, user=user):
        practice_changed.send(sender=Practice, practice=follow.practice, kind="updated")
    client.force_login(user)
    with django_assert_max_num_queries(6):
        response = client.get("/dashboard/")
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["follows"]) == min(follows, 20)


def test_dashboard_pages(client):
    user = UserFactory()
    FollowFactory.create_batch(21, user=user)
    client.force_login(user)
    assert len(client.get("/dashboard/?page=2").context["follows"]) == 1
    assert client.get("/dashboard/?page=x").status_code == HTTPStatus.OK


# --- Preferences --------------------------------------------------------------


def test_preferences_default_to_immediately_and_save(client, follower):
    client.force_login(follower)
    response = client.get("/following/preferences/")
    assertContains(response, 'value="immediately" required id="id_frequency_0" checked')
    assert not NotificationPreference.objects.exists()  # GET writes nothing
    response = client.post("/following/preferences/", {"frequency": "weekly"})
    assertRedirects(response, "/following/preferences/")
    assert frequency_of(follower) == Frequency.WEEKLY


def test_preferences_reject_an_unknown_frequency(client, follower):
    client.force_login(follower)
    response = client.post("/following/preferences/", {"frequency": "hourly"})
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Select a valid choice")
    assert frequency_of(follower) == Frequency.IMMEDIATELY


def test_preferences_need_login(client):
    assert client.get("/following/preferences/").status_code == HTTPStatus.FOUND


# --- Unsubscribe --------------------------------------------------------------


def unsubscribe_url(user, practice=None):
    token = make_unsubscribe_token(user=user, practice=practice)
    return reverse("following:unsubscribe", args=[token])


def test_unsubscribe_get_changes_nothing(client, follower, practice):
    response = client.get(unsubscribe_url(follower, practice))
    assertContains(response, "Stop following “Creative District”")
    assertContains(response, "Stop all e-mails")
    assert frequency_of(follower) == Frequency.IMMEDIATELY
    assert Follow.objects.filter(user=follower).exists()


def test_unsubscribe_post_stops_all_emails_without_login(client, follower, practice):
    client_with_csrf = type(client)(enforce_csrf_checks=True)
    url = unsubscribe_url(follower, practice)
    page = client_with_csrf.get(url)
    token = page.context["csrf_token"]
    response = client_with_csrf.post(
        url, {"action": "never", "csrfmiddlewaretoken": str(token)}
    )
    assertContains(response, "You will receive no more e-mails")
    assert frequency_of(follower) == Frequency.NEVER
    assert Follow.objects.filter(user=follower).exists()


def test_unsubscribe_post_can_unfollow_the_practice(client, follower, practice):
    response = client.post(unsubscribe_url(follower, practice), {"action": "unfollow"})
    assertContains(response, "You no longer follow “Creative District”.")
    assert not Follow.objects.filter(user=follower).exists()
    assert frequency_of(follower) == Frequency.IMMEDIATELY


def test_digest_token_offers_only_stopping_emails(client, follower):
    url = unsubscribe_url(follower)
    assertNotContains(client.get(url), 'value="unfollow"')
    response = client.post(url, {"action": "unfollow"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    response = client.post(url, {"action": "bogus"})
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_tampered_token_is_a_clear_400(client, follower):
    url = unsubscribe_url(follower)
    tampered = url.replace("/unsubscribe/", "/unsubscribe/x")
    for bad in (tampered, "/following/unsubscribe/garbage/"):
        response = client.get(bad)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assertContains(response, "This unsubscribe link does not work", status_code=400)
        assert client.post(bad, {"action": "never"}).status_code == 400
    assert frequency_of(follower) == Frequency.IMMEDIATELY


def test_expired_token_is_a_clear_400(client, settings, follower):
    url = unsubscribe_url(follower)
    settings.UNSUBSCRIBE_TOKEN_MAX_AGE = 0
    time.sleep(1.1)
    response = client.get(url)
    assertContains(response, "too old", status_code=HTTPStatus.BAD_REQUEST)
    one_click = url + "one-click/"
    assert client.post(one_click).status_code == HTTPStatus.BAD_REQUEST
    assert frequency_of(follower) == Frequency.IMMEDIATELY


def test_token_of_a_deleted_user_is_invalid(client, follower):
    url = unsubscribe_url(follower)
    follower.delete()
    assert client.get(url).status_code == HTTPStatus.BAD_REQUEST


def test_one_click_post_without_csrf(client, follower, practice):
    csrf_client = type(client)(enforce_csrf_checks=True)
    url = unsubscribe_url(follower, practice) + "one-click/"
    assert csrf_client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    response = csrf_client.post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == HTTPStatus.OK
    assert frequency_of(follower) == Frequency.NEVER


def test_link_from_a_real_email_unsubscribes(
    client, practice, follower, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        practice_changed.send(sender=Practice, practice=practice, kind="updated")
    run_worker()
    link = next(
        line.strip()
        for line in mail.outbox[0].body.splitlines()
        if "/following/unsubscribe/" in line
    ).split(" ")[-1]
    path = link.removeprefix("http://localhost:8000")
    client.post(path, {"action": "never"})
    assert frequency_of(follower) == Frequency.NEVER
    assert Notice.objects.get().emailed_at is not None
