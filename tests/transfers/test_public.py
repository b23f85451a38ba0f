"""Confirmed transfers where readers look: page, list filters, API, CSV, feed."""

import json
from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import PracticeFactory
from tests.transfers.factories import TransferFactory
from transfers.models import Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices():
    popular = PracticeFactory(title="Popular practice")
    TransferFactory(practice=popular, confirmed=True, region="Porto Region")
    TransferFactory(
        practice=popular, confirmed=True, region="Tartu", stage=Stage.IMPLEMENTED
    )
    TransferFactory(practice=popular, region="Pending Place")
    single = PracticeFactory(title="Single practice")
    TransferFactory(practice=single, confirmed=True, stage=Stage.EXPLORING)
    lonely = PracticeFactory(title="Lonely practice")
    TransferFactory(practice=lonely, region="Only pending")
    return popular, single, lonely


def titles(response):
    return [p.title for p in response.context["practice_list"]]


def test_the_page_lists_confirmed_transfers_with_their_count(client, practices):
    popular = practices[0]
    response = client.get(popular.get_absolute_url())
    assertContains(response, '<a href="#transfers">2 regions</a>', html=False)
    assertContains(response, "Porto Region")
    assertContains(response, "Tartu")
    assertContains(response, "Implemented")
    assertNotContains(response, "Pending Place")


def test_a_confirmation_refreshes_the_cached_page(client, practices, committed):
    popular = practices[0]
    assertNotContains(client.get(popular.get_absolute_url()), "Pending Place")
    pending = popular.transfers.get(region="Pending Place")
    pending.status = "confirmed"
    with committed():
        pending.save()
    assertContains(client.get(popular.get_absolute_url()), "Pending Place")


def test_the_page_stays_within_its_queries_however_many_transfers(
    client, practices, django_assert_max_num_queries
):
    popular = practices[0]
    for _ in range(10):
        TransferFactory(practice=popular, confirmed=True)
    with django_assert_max_num_queries(8):
        response = client.get(popular.get_absolute_url())
    assertContains(response, '<a href="#transfers">12 regions</a>', html=False)


def test_list_filters_and_sort(client, practices):
    url = reverse("practices:list")
    assert set(titles(client.get(url, {"transferred": "1"}))) == {
        "Single practice",
        "Popular practice",
    }
    assert titles(client.get(url, {"transfer_stage": "implemented"})) == [
        "Popular practice"
    ]
    assert titles(client.get(url, {"sort": "transferred"}))[:2] == [
        "Popular practice",
        "Single practice",
    ]
    response = client.get(url, {"transfer_stage": "nonsense"})
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_api_carries_confirmed_transfers_only(client, practices):
    popular = practices[0]
    data = client.get(
        reverse("opendata:api-list"), {"transferred": "true", "sort": "transferred"}
    ).json()
    assert data["count"] == 2
    first = data["results"][0]
    assert first["slug"] == popular.slug
    assert {t["region"] for t in first["transfers"]} == {"Porto Region", "Tartu"}
    detail = client.get(reverse("opendata:api-detail", args=[popular.slug])).json()
    assert len(detail["transfers"]) == 2
    assert "recorded_by" not in detail["transfers"][0]


def test_csv_and_feed_carry_confirmed_transfers(client, practices):
    response = client.get(reverse("practices:export-csv"), {"transferred": "1"})
    body = b"".join(response.streaming_content).decode()
    assert "transfers" in body.splitlines()[0]
    assert "implemented" in body
    assert "Pending Place" not in body
    feed = client.get(reverse("opendata:feed")).content.decode()
    assert "Transferred to 2 regions" in feed
    assert "Pending Place" not in feed


def test_json_ld_names_where_the_practice_went(client, practices):
    response = client.get(practices[0].get_absolute_url()).content.decode()
    start = response.index('<script type="application/ld+json">')
    end = response.index("</script>", start)
    data = json.loads(
        response[start + len('<script type="application/ld+json">') : end]
    )
    statuses = {item["creativeWorkStatus"] for item in data["subjectOf"]}
    assert statuses == {"adapting", "implemented"}
