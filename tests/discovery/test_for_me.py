from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.factories import FollowFactory, PracticeFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def titles(response, key):
    return [practice.title for practice in response.context[key]]


def test_practices_from_regions_like_yours_and_on_your_topics(client):
    culture, finance, ports = (
        TopicFactory(name=n) for n in ["Culture", "Finance", "Ports"]
    )
    member = UserFactory(country="FR")
    followed = PracticeFactory(title="Followed", country="IT", region="Toscana")
    followed.topics.add(culture, finance)
    FollowFactory(user=member, practice=followed)
    PracticeFactory(title="French", country="FR", region="Bretagne")
    PracticeFactory(title="Tuscan", country="IT", region="Toscana")
    PracticeFactory(title="Lazio", country="IT", region="Lazio")
    both = PracticeFactory(title="Both topics", country="DE")
    both.topics.add(culture, finance)
    one = PracticeFactory(title="One topic", country="DE")
    one.topics.add(finance, ports)
    PracticeFactory(title="Secret", country="FR", draft=True)
    client.force_login(member)
    response = client.get(reverse("discovery:for-me"))
    assert response.status_code == HTTPStatus.OK
    assert sorted(titles(response, "by_region")) == ["French", "Tuscan"]
    assert titles(response, "by_topic") == ["Both topics", "One topic"]
    assertContains(response, "your country, France")
    assertContains(response, "Toscana (IT)")


def test_the_page_says_what_to_do_when_nothing_is_known(client):
    client.force_login(UserFactory())
    response = client.get(reverse("discovery:for-me"))
    assertContains(response, "Give your country in your profile")
    assertContains(response, "follow practices")


def test_the_page_costs_the_same_queries_with_more_data(client):
    member = UserFactory(country="BE")
    topic = TopicFactory()
    client.force_login(member)
    client.get(reverse("discovery:for-me"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("discovery:for-me"))
    for _ in range(5):
        practice = PracticeFactory(country="BE")
        practice.topics.add(topic)
        FollowFactory(user=member, practice=PracticeFactory(country="BE"))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("discovery:for-me"))
    assert len(many) <= 8
    assert len(few) <= len(many)


def test_the_page_needs_an_account(client):
    response = client.get(reverse("discovery:for-me"))
    assert response.status_code == HTTPStatus.FOUND
