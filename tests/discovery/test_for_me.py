from http import HTTPStatus

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from discovery.models import TopicFollow
from discovery.services import new_practice_notices
from following.models import Frequency, Notice, NotificationPreference
from publishing.lifecycle import practice_transition
from tests.factories import FollowFactory, PracticeFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

FOR_ME = reverse("discovery:for-me")


def titles(response, key):
    return [practice.title for practice in response.context[key]]


def test_practices_from_your_region_then_your_country(client):
    member = UserFactory(country="BE", region="BE35")
    PracticeFactory(title="Namur", country="BE", region="Namur", nuts_code="BE35")
    PracticeFactory(title="Namur NUTS 3", country="BE", nuts_code="BE352")
    PracticeFactory(title="Liège", country="BE", region="Liège", nuts_code="BE33")
    PracticeFactory(title="Tuscan", country="IT", region="Toscana", nuts_code="ITI1")
    PracticeFactory(title="Draft Namur", country="BE", nuts_code="BE35", draft=True)
    FollowFactory(
        user=member,
        practice=PracticeFactory(title="Followed", country="BE", nuts_code="BE35"),
    )
    client.force_login(member)
    response = client.get(FOR_ME)
    assert response.status_code == HTTPStatus.OK
    assert sorted(titles(response, "in_region")) == ["Namur", "Namur NUTS 3"]
    assert titles(response, "in_country") == ["Liège"]
    assert titles(response, "by_region")[-1] == "Liège"  # the region first
    assertContains(response, "In your region, BE35")
    assertContains(response, "Elsewhere in Belgium")
    # The method is on the page.
    assertContains(response, "first the practices of your region (its NUTS 2 code)")
    assertContains(response, "no classification of regions by kind")


def test_practices_on_the_topics_you_follow_newest_first(client):
    culture, finance, ports = (
        TopicFactory(name=n, slug=n.lower()) for n in ["Culture", "Finance", "Ports"]
    )
    member = UserFactory()
    TopicFollow.objects.create(user=member, topic=culture)
    TopicFollow.objects.create(user=member, topic=finance)
    old = PracticeFactory(title="Old culture")
    old.topics.add(culture, finance)
    new = PracticeFactory(title="New finance")
    new.topics.add(finance, ports)
    PracticeFactory(title="Ports only").topics.add(ports)
    type(new).objects.filter(pk=new.pk).update(
        published_at=old.published_at.replace(year=old.published_at.year + 1)
    )
    client.force_login(member)
    response = client.get(FOR_ME)
    assert titles(response, "by_topic") == ["New finance", "Old culture"]
    assert [str(t) for t in response.context["followed_topics"]] == [
        "Culture",
        "Finance",
    ]
    # The select offers the topics not followed yet.
    assertContains(response, '<option value="ports">Ports</option>', html=True)
    assertNotContains(response, '<option value="culture">')


def test_the_page_says_what_to_do_when_nothing_is_known(client):
    client.force_login(UserFactory())
    response = client.get(FOR_ME)
    assertContains(response, "Give your country and region in your profile")
    assertContains(response, "None yet: follow the topics you work on.")


def test_the_page_costs_the_same_queries_with_more_data(
    client, django_assert_max_num_queries
):
    member = UserFactory(country="BE", region="BE35")
    client.force_login(member)
    client.get(FOR_ME)
    with CaptureQueriesContext(connection) as few:
        client.get(FOR_ME)
    for number in range(5):
        topic = TopicFactory(name=f"Topic {number}")
        TopicFollow.objects.create(user=member, topic=topic)
        practice = PracticeFactory(country="BE", nuts_code="BE35")
        practice.topics.add(topic)
        FollowFactory(user=member, practice=PracticeFactory(country="BE"))
    with django_assert_max_num_queries(len(few) + 2):
        # + the topic prefetch and the topics list, now that there are some.
        response = client.get(FOR_ME)
    assert len(response.context["by_topic"]) == 5
    assert len(few) <= 8


def test_the_page_needs_an_account(client):
    response = client.get(FOR_ME)
    assert response.status_code == HTTPStatus.FOUND


def test_follow_and_unfollow_a_topic(client):
    topic = TopicFactory(name="Culture", slug="culture")
    member = UserFactory(verified=True)
    client.force_login(member)
    # The topic's list links to the form with the topic chosen.
    listing = client.get(reverse("practices:list"), {"topic": "culture"})
    assertContains(listing, f"{FOR_ME}?topic=culture#topics")
    form = client.get(FOR_ME, {"topic": "culture"})
    assertContains(form, '<option value="culture" selected>Culture</option>', html=True)
    response = client.post(reverse("discovery:topic-follow"), {"topic": "culture"})
    assert response.status_code == HTTPStatus.FOUND
    assert TopicFollow.objects.filter(user=member, topic=topic).exists()
    again = client.post(
        reverse("discovery:topic-follow"), {"topic": "culture"}, follow=True
    )
    assertContains(again, "You already follow the topic “Culture”.")
    assert TopicFollow.objects.count() == 1
    dashboard = client.get(reverse("following:dashboard"))
    assertContains(dashboard, "Topics you follow")
    assertContains(dashboard, 'action="/discover/topics/unfollow/"')
    response = client.post(
        reverse("discovery:topic-unfollow"),
        {"topic": "culture", "next": reverse("following:dashboard")},
    )
    assert response["Location"] == reverse("following:dashboard")
    assert not TopicFollow.objects.exists()


def test_a_bad_topic_is_a_400_with_the_reason(client):
    client.force_login(UserFactory())
    response = client.post(reverse("discovery:topic-follow"), {"topic": "nope"})
    assertContains(
        response, "Choose one of the portal", status_code=HTTPStatus.BAD_REQUEST
    )
    assertContains(response, "error-summary", status_code=HTTPStatus.BAD_REQUEST)
    empty = client.post(reverse("discovery:topic-follow"), {})
    assertContains(
        empty, "Choose the topic to follow", status_code=HTTPStatus.BAD_REQUEST
    )
    unfollow = client.post(reverse("discovery:topic-unfollow"), {"topic": "nope"})
    assert unfollow.status_code == HTTPStatus.BAD_REQUEST
    assert client.get(reverse("discovery:topic-follow")).status_code == 405
    client.logout()
    anonymous = client.post(reverse("discovery:topic-follow"), {"topic": "x"})
    assert anonymous.status_code == HTTPStatus.FOUND


def publish(practice, django_capture_on_commit_callbacks):
    staff = UserFactory(is_staff=True, verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        practice_transition(practice=practice, to="published", by=staff)


def test_a_new_practice_on_a_followed_topic_is_announced_once(
    client, run_worker, django_capture_on_commit_callbacks
):
    culture = TopicFactory(name="Culture", name_fr="Culture FR")
    member = UserFactory(verified=True, email="member@example.org", language="fr")
    TopicFollow.objects.create(user=member, topic=culture)
    weekly = UserFactory(verified=True)
    TopicFollow.objects.create(user=weekly, topic=culture)
    NotificationPreference.set_for(weekly, Frequency.WEEKLY)
    practice = PracticeFactory(
        title="Creative vouchers", status="in_review", published_at=None
    )
    practice.topics.add(culture)
    publish(practice, django_capture_on_commit_callbacks)
    run_worker()
    assert len(mail.outbox) == 1  # the weekly member waits for the digest
    message = mail.outbox[0]
    assert message.to == ["member@example.org"]
    assert "Une nouvelle pratique pour vous : Creative vouchers" in message.subject
    assert (
        "Une nouvelle pratique sur un thème que vous suivez : « Culture FR »"
        in message.body
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    # The job run twice: one notice per member, one e-mail.
    assert new_practice_notices(practice=practice) == []
    call_command("send_pending_notices", verbosity=0)
    assert len(mail.outbox) == 1
    assert Notice.objects.filter(user=member, practice=practice).count() == 1
    call_command("send_notice_digests", verbosity=0)
    assert len(mail.outbox) == 2
    client.force_login(member)
    dashboard = client.get(reverse("following:dashboard"))
    assertContains(dashboard, "Creative vouchers")


def test_followed_topics_are_exported_and_deleted_with_the_account():
    member = UserFactory()
    TopicFollow.objects.create(user=member, topic=TopicFactory(name="Culture"))
    (exported,) = member.personal_data()["discovery"]["followed_topics"]
    assert exported["topic"] == "Culture"
    member.delete()
    assert not TopicFollow.objects.exists()
