import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from discovery.maps import country_counts, europe
from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(db):
    PracticeFactory.create_batch(3, country="BE", region="Wallonia", nuts_code="BE35")
    PracticeFactory.create_batch(2, country="FR", region="Bretagne", nuts_code="FRH0")
    PracticeFactory(country="DE", draft=True)
    PracticeFactory(country="SG")  # counted, but not on a map of Europe


def test_the_maps_counts_are_the_databases(client, spread):
    response = client.get(reverse("discovery:map"))
    assert response.status_code == HTTPStatus.OK
    expected = {
        code: Practice.objects.published().filter(country=code).count()
        for code in ["BE", "FR", "DE"]
    }
    assert expected == {"BE": 3, "FR": 2, "DE": 0}
    body = response.content.decode()
    for code, count in expected.items():
        name = {"BE": "Belgium", "FR": "France", "DE": "Germany"}[code]
        if count:
            # The area links to the filtered list, and the table says the same.
            assert (
                f'href="/practices/?country={code}" aria-label="{name}: {count} '
                in body
            )
            assert re.search(
                rf"\?country={code}\">{name}</a></th><td[^>]*>{count}</td>", body
            )
        else:
            assert f"?country={code}" not in body
    assertContains(
        response, "Not drawn on the map, but counted in the table: Singapore"
    )
    assertContains(response, "Wallonia")
    assertContains(response, "BE35")
    # A draft is on no map.
    assert country_counts() == {"BE": 3, "FR": 2, "SG": 1}


def test_the_map_makes_no_third_party_request_and_is_cheap(client, spread):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("discovery:map"))
    assert len(queries) <= 8
    assertNotContains(response, "https://")
    assert "<svg" in response.content.decode()


def test_the_locator_fills_the_practices_country(client, spread):
    practice = Practice.objects.filter(country="BE").first()
    page = client.get(practice.get_absolute_url())
    assertContains(page, 'src="/discover/map/locator/BE.svg"')
    assertContains(page, 'alt="Belgium on the map of Europe"')
    svg = client.get(reverse("discovery:locator", args=["BE"]))
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert svg.content.decode().count('fill="#08306b"') == 1
    assert europe()["countries"]["BE"] in svg.content.decode()
    missing = client.get(reverse("discovery:locator", args=["ZZ"]))
    assert missing.status_code == HTTPStatus.NOT_FOUND


def test_the_shipped_shapes_are_small_and_european():
    shapes = europe()["countries"]
    assert {"BE", "FR", "DE", "IT", "ES", "PL", "SE", "GB", "IE"} <= set(shapes)
    assert sum(len(path) for path in shapes.values()) < 120_000
