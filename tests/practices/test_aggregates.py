"""Counts over every practice are kept a minute (practices.cache.cached_aggregate).

The practices a page lists are always fresh; a count may lag a change to one
practice by AGGREGATE_CACHE_SECONDS, and follows at once anything that retires
every page (a practice published, renamed or withdrawn, a topic renamed).
"""

import pytest
from pytest_django.asserts import assertContains

from tests.factories import (
    FollowFactory,
    OrganisationFactory,
    PartnershipFactory,
    PracticeFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.AGGREGATE_CACHE_SECONDS = 60


@pytest.fixture
def practice(committed):
    with committed():
        practice = PracticeFactory(title="Counted practice", country="BE")
        practice.topics.add(TopicFactory(name="Creative hubs", slug="creative-hubs"))
    return practice


def partner_options(client, url="/practices/"):
    response = client.get(url)
    assert response.context is not None, "the list was kept"
    facets = response.context["facets"]
    return [label for _key, label, _n, _selected in facets["partner"]]


def test_a_new_partner_shows_in_the_facets_within_a_minute(
    client, kept, practice, committed
):
    with committed():
        agency = OrganisationFactory(name="Newcomer Agency")
    assert "Newcomer Agency" not in partner_options(client)
    with committed():
        PartnershipFactory(practice=practice, organisation=agency)
    # The list is rendered again (the list generation moved on) with the kept
    # counts: the partner appears once they are computed again, or as soon as
    # a change retires every page.
    assert "Newcomer Agency" not in partner_options(client)
    with committed():
        PracticeFactory(title="Another practice")
    assert "Newcomer Agency" in partner_options(client)


def test_without_keeping_counts_follow_each_change(client, practice, committed):
    with committed():
        PartnershipFactory(practice=practice, organisation__name="Newcomer Agency")
    assert "Newcomer Agency" in partner_options(client)


def test_the_listed_practices_are_fresh_while_counts_are_kept(
    client, kept, practice, committed
):
    assertContains(client.get("/"), "Creative hubs")
    practice.summary = "A summary written just now"
    with committed():
        practice.save()
        FollowFactory(practice=practice)
    page = client.get("/")
    assert page.context is not None, "the home page was kept"
    assertContains(page, "Counted practice")
    assertContains(client.get("/practices/"), "A summary written just now")


def test_a_new_practice_is_counted_at_once(client, kept, practice, committed):
    topic = practice.topics.get()
    assertContains(client.get("/"), "Creative hubs")
    with committed():
        second = PracticeFactory(title="Second practice", country="BE")
        second.topics.add(topic)
    counts = {
        key: count for key, _label, count in client.get("/").context["topic_counts"]
    }
    assert counts["creative-hubs"] == 2


def test_counts_older_than_the_setting_are_computed_again(
    client, settings, practice, committed
):
    settings.AGGREGATE_CACHE_SECONDS = 60
    with committed():
        agency = OrganisationFactory(name="Later Agency")
    partner_options(client)
    with committed():
        PartnershipFactory(practice=practice, organisation=agency)
    assert "Later Agency" not in partner_options(client)
    # A minute later (a microsecond here), one request computes them again.
    settings.AGGREGATE_CACHE_SECONDS = 1e-6
    # (Another URL with the same filters: the page itself is kept.)
    assert "Later Agency" in partner_options(client, "/practices/?page=1")


def test_while_one_request_computes_counts_again_the_others_use_those_in_hand(
    client, settings, practice, committed
):
    from django.core.cache import cache

    settings.AGGREGATE_CACHE_SECONDS = 60
    with committed():
        agency = OrganisationFactory(name="Busy Agency")
    partner_options(client)
    with committed():
        PartnershipFactory(practice=practice, organisation=agency)
    settings.AGGREGATE_CACHE_SECONDS = 1e-6
    kept_keys = [key for key in list(cache._cache) if "aggregate:" in key]
    assert kept_keys
    for key in kept_keys:
        cache.add(key.split(":", 2)[-1] + ":renewing", True)
    assert "Busy Agency" not in partner_options(client, "/practices/?page=1")
    for key in kept_keys:
        cache.delete(key.split(":", 2)[-1] + ":renewing")
    assert "Busy Agency" in partner_options(client, "/practices/?sort=title")


def test_a_kept_count_never_hides_a_listed_practice(client, kept, practice, committed):
    """The search's count may lag; the practices it lists may not."""
    with committed():
        late = PracticeFactory(title="Placeholder practice")
    assertContains(client.get("/practices/", {"q": "counted"}), "Counted practice")
    late.summary = "Also counted, once its summary says so"
    with committed():
        # Not shown on other pages: the lists move on, the counts are kept.
        late.save()
        type(late).objects.filter(pk=late.pk).refresh_search_after_commit()
    page = client.get("/practices/", {"q": "counted"})
    assert page.context["paginator"].count == 1, "the count was not kept"
    assertContains(page, "Placeholder practice")
    assertContains(page, "Counted practice")
