import csv
import io
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import (
    FollowFactory,
    PartnershipFactory,
    PracticeFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(db):
    culture = TopicFactory(name="Culture")
    first = PracticeFactory(
        title="Creative District",
        slug="creative-district",
        budget_amount=Decimal("1250000"),
        duration_months=34,
        region="Wallonia",
    )
    first.topics.add(culture)
    PartnershipFactory.create_batch(3, practice=first)
    FollowFactory.create_batch(2, practice=first)
    second = PracticeFactory(
        title="Lyon vouchers", slug="lyon-vouchers", country="FR", end_date=None
    )
    return first, second


def compare(client, *slugs, name="discovery:compare"):
    return client.get(reverse(name), {"p": list(slugs)})


def test_two_practices_side_by_side_with_their_figures(client, pair):
    response = compare(client, "creative-district", "lyon-vouchers")
    assert response.status_code == HTTPStatus.OK
    rows = dict(response.context["rows"])
    assert rows["Partners"] == ["3", "0"]
    assert rows["Followers"] == ["2", "0"]
    assert rows["Country"] == ["Belgium", "France"]
    assert rows["Region"] == ["Wallonia", "Prov. Namur"]
    assert rows["Budget"] == ["1,250,000 EUR", ""]
    assert rows["Duration"] == ["34 months", ""]
    assert rows["Topics"] == ["Culture", ""]
    assert rows["End"] == ["October 2015", "ongoing"]
    assertContains(response, "Creative District")
    # The address is the comparison, and its CSV has the same figures.
    assertContains(response, "compare.csv?p=creative-district&amp;p=lyon-vouchers")


def test_the_csv_has_one_column_per_practice(client, pair):
    response = compare(
        client, "lyon-vouchers", "creative-district", name="discovery:compare-csv"
    )
    assert response.status_code == HTTPStatus.OK
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0] == ["", "Lyon vouchers", "Creative District"]
    assert ["Partners", "0", "3"] in table
    assert ["Followers", "0", "2"] in table


@pytest.mark.parametrize(
    ("slugs", "message"),
    [
        (["creative-district"], "you chose 1"),
        ([], "you chose 0"),
        (["a", "b", "c", "d", "e"], "you chose 5"),
        (["creative-district", "nowhere"], "“nowhere”"),
    ],
)
def test_bad_choices_are_a_400_with_the_reason(client, pair, slugs, message):
    response = compare(client, *slugs)
    assertContains(response, message, status_code=HTTPStatus.BAD_REQUEST)
    csv_response = compare(client, *slugs, name="discovery:compare-csv")
    assert csv_response.status_code == HTTPStatus.BAD_REQUEST


def test_a_draft_cannot_be_compared(client, pair):
    PracticeFactory(slug="secret", draft=True)
    response = compare(client, "creative-district", "secret")
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_four_practices_cost_the_same_queries_as_two(client, pair):
    others = PracticeFactory.create_batch(2)
    with CaptureQueriesContext(connection) as two:
        compare(client, "creative-district", "lyon-vouchers")
    with CaptureQueriesContext(connection) as four:
        response = compare(
            client, "creative-district", "lyon-vouchers", *[p.slug for p in others]
        )
    assert response.status_code == HTTPStatus.OK
    assert len(four) == len(two) <= 8


def test_the_picker_offers_search_results_and_keeps_the_chosen(client, pair):
    response = client.get(
        reverse("discovery:compare-pick"), {"p": "creative-district", "country": "FR"}
    )
    assertContains(response, 'value="creative-district" id="pick-s-1" checked')
    assertContains(response, 'value="lyon-vouchers"')
    # The practice page and the list link to it.
    page = client.get(reverse("practices:detail", args=["creative-district"]))
    assertContains(page, "/discover/compare/choose/?p=creative-district")
    listing = client.get(reverse("practices:list"), {"country": "FR"})
    assertContains(listing, "/discover/compare/choose/?country=FR")
    assertNotContains(listing, "Add to a comparison")


def test_the_comparison_stacks_on_a_phone(client, pair):
    response = compare(client, "creative-district", "lyon-vouchers")
    assertContains(response, 'class="compare-stacked"')
    assertContains(response, "discovery.css")


def test_evidence_and_transfers_join_the_comparison(client, pair):
    from evidence.models import EvidenceAssessment
    from tests.factories import IndicatorFactory
    from tests.transfers.factories import TransferFactory
    from transfers.models import Stage

    first, second = pair
    EvidenceAssessment.objects.create(practice=first, level=3)
    IndicatorFactory(practice=first, name="Jobs", achieved_value=40, unit="jobs")
    TransferFactory(practice=first, confirmed=True, stage=Stage.IMPLEMENTED)
    TransferFactory(practice=first, confirmed=True)
    TransferFactory(practice=second)  # pending: not counted
    response = compare(client, "creative-district", "lyon-vouchers")
    rows = dict(response.context["rows"])
    assert rows["Evidence level"] == ["Independently evaluated", "not assessed yet"]
    assert rows["Results"] == ["Jobs: 40 jobs (2015)", ""]
    assert rows["Confirmed transfers (implemented)"] == ["2 (1)", "0 (0)"]
