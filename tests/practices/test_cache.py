"""The anonymous page cache: hits cost no query, every change invalidates."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from practices.models import Practice, PracticeItem
from tests.factories import (
    ActionAxisFactory,
    ExpertOpinionFactory,
    FollowFactory,
    PartnershipFactory,
    PracticeFactory,
    PracticeItemFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    return PracticeFactory(title="Cached practice")


@pytest.mark.parametrize(
    "url", ["/", "/practices/", "/fr/", "/practices/cached-practice/"]
)
def test_anonymous_cache_hit_costs_no_query(client, django_assert_num_queries, url):
    PracticeFactory(title="Cached practice", slug="cached-practice")
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


def test_languages_are_cached_apart(client, practice):
    english = client.get(practice.get_absolute_url())
    french = client.get("/fr" + practice.get_absolute_url())
    assertContains(english, '<html lang="en">')
    assertContains(french, '<html lang="fr">')


CHANGES = {
    "practice": lambda p: Practice.objects.filter(pk=p.pk).first().save(),
    "partner": lambda p: PartnershipFactory(
        practice=p, organisation__name="New partner org"
    ),
    "axis": lambda p: ActionAxisFactory(practice=p, title="New axis"),
    "item": lambda p: PracticeItemFactory(practice=p, text="New evidence"),
    "item-deleted": lambda p: PracticeItem.objects.filter(practice=p).delete(),
    "topic": lambda p: p.topics.add(TopicFactory(name="New topic")),
    "follower": lambda p: FollowFactory(
        practice=p, user__display_name="New follower", user__is_listed_as_follower=True
    ),
    "opinion": lambda p: ExpertOpinionFactory(practice=p),
}


@pytest.mark.parametrize("change", CHANGES)
def test_each_kind_of_change_invalidates_the_page(client, practice, change):
    PracticeItemFactory(practice=practice, text="Old evidence")
    url = practice.get_absolute_url()
    before = client.get(url).content
    CHANGES[change](practice)
    after = client.get(url)
    if change != "practice" and change != "opinion":
        assert after.content != before
    assert after.context is not None, "the page was served from the cache"


def test_title_change_shows_at_once_on_every_page(client, practice):
    for url in ["/", "/practices/", practice.get_absolute_url()]:
        assertContains(client.get(url), "Cached practice")
    practice.title = "Renamed practice"
    practice.save()
    for url in ["/", "/practices/", practice.get_absolute_url()]:
        assertContains(client.get(url), "Renamed practice")


def test_follower_profile_change_invalidates_but_a_login_does_not(client, practice):
    follower = UserFactory(display_name="Ana", is_listed_as_follower=True)
    FollowFactory(practice=practice, user=follower)
    url = practice.get_absolute_url()
    client.get(url)
    follower.display_name = "Ana Popescu"
    follower.save(update_fields=["display_name"])
    assertContains(client.get(url), "Ana Popescu")
    follower.save(update_fields=["last_login"])
    assert client.get(url).context is None, "a login should keep the cache"


def test_signed_in_reader_never_gets_or_fills_the_anonymous_cache(client, practice):
    ExpertOpinionFactory(practice=practice, text="Gated judgement")
    url = practice.get_absolute_url()
    anonymous = client.get(url)
    assertNotContains(anonymous, "Gated judgement")
    client.force_login(UserFactory())
    signed_in = client.get(url)
    assertContains(signed_in, "Gated judgement")
    assert signed_in.context is not None
    client.logout()
    client.cookies.clear()
    assertNotContains(client.get(url), "Gated judgement")


def test_error_pages_are_not_cached(client, db):
    url = reverse("practices:detail", kwargs={"slug": "not-yet"})
    assert client.get(url).status_code == 404
    PracticeFactory(slug="not-yet")
    assert client.get(url).status_code == 200
