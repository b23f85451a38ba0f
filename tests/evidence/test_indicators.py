"""Results as data: indicators typed in the wizard, shown, exported."""

import csv
import io
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from evidence.models import Indicator
from publishing.models import PracticeRevision
from tests.factories import IndicatorFactory, PracticeFactory

from .conftest import management, step6

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Jobs created in creative firms",
    "unit": "jobs",
    "baseline_value": "120",
    "baseline_year": "2013",
    "target_value": "300",
    "achieved_value": "345.5",
    "achieved_year": "2015",
    "source_title": "Final evaluation report",
    "source_url": "https://example.org/report.pdf",
    "order": "0",
}


def step_url(practice, number=6):
    return reverse("publishing:step", kwargs={"pk": practice.pk, "number": number})


def test_the_wizard_saves_an_indicator(author_client, draft):
    response = author_client.post(step_url(draft), step6(**GOOD))
    assert response.status_code == HTTPStatus.FOUND
    indicator = draft.indicators.get()
    assert indicator.name == "Jobs created in creative firms"
    assert indicator.baseline_value == Decimal("120")
    assert indicator.achieved_value == Decimal("345.5")
    assert (indicator.baseline_year, indicator.achieved_year) == (2013, 2015)
    assertContains(author_client.get(step_url(draft)), "Final evaluation report")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"baseline_value": "", "target_value": "", "achieved_value": ""},
            "Give at least a baseline, a target or an achieved value.",
        ),
        ({"achieved_year": ""}, "Give the year of this value."),
        ({"baseline_year": ""}, "Give the year of this value."),
        ({"achieved_year": "2010"}, "cannot come before the baseline year"),
        ({"achieved_year": "3000"}, "less than or equal to 2200"),
        ({"achieved_value": "1e400"}, "digits"),
        ({"achieved_value": "NaN"}, "Enter a number."),
        ({"achieved_value": "12345678901234567890"}, "no more than 16 digits"),
        ({"source_url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_a_bad_indicator_is_refused_and_kept(author_client, draft, change, message):
    response = author_client.post(step_url(draft), step6(**(GOOD | change)))
    assertContains(response, message, status_code=HTTPStatus.BAD_REQUEST)
    # What was typed stays in the form.
    assertContains(response, "Jobs created in creative firms", status_code=400)
    assert not Indicator.objects.exists()


def test_the_number_of_indicators_is_bounded(author_client, draft):
    data = step6(**GOOD)
    data |= management("indicators", 5000)
    response = author_client.post(step_url(draft), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Indicator.objects.exists()


def test_the_page_shows_the_results_table(client):
    practice = PracticeFactory()
    IndicatorFactory(
        practice=practice,
        name="Firms coached",
        unit="firms",
        baseline_value=Decimal("0"),
        baseline_year=2013,
        target_value=Decimal("1500"),
        achieved_value=Decimal("1234.50"),
        achieved_year=2015,
        source_title="Annual report",
        source_url="https://example.org/annual",
    )
    response = client.get(practice.get_absolute_url())
    assertContains(response, '<section id="results"')
    assertContains(response, 'href="#results"')
    assertContains(response, '<th scope="row">Firms coached')
    assertContains(response, "1,234.5")
    assertContains(response, "1,500")
    assertContains(response, "(2013)")
    assertContains(
        response,
        '<a href="https://example.org/annual" rel="nofollow noopener">'
        "Annual report</a>",
    )
    assertContains(response, 'data-label="Achieved"')


def test_a_practice_without_indicators_has_no_results_section(client):
    practice = PracticeFactory()
    assertNotContains(client.get(practice.get_absolute_url()), 'id="results"')


def test_the_cached_page_follows_a_new_indicator(client, committed):
    practice = PracticeFactory()
    assertNotContains(client.get(practice.get_absolute_url()), "Firms coached")
    with committed():
        IndicatorFactory(practice=practice, name="Firms coached")
    assertContains(client.get(practice.get_absolute_url()), "Firms coached")


def test_the_page_queries_do_not_grow_with_indicators(
    client, django_assert_max_num_queries
):
    practice = PracticeFactory()
    IndicatorFactory.create_batch(15, practice=practice)
    with django_assert_max_num_queries(8):
        response = client.get(practice.get_absolute_url())
    assert response.content.decode().count('<th scope="row">') == 15


def test_the_api_and_csv_carry_the_indicators(client):
    practice = PracticeFactory(slug="measured")
    IndicatorFactory(
        practice=practice,
        name="Jobs",
        unit="jobs",
        baseline_value=Decimal("10"),
        baseline_year=2013,
        achieved_value=Decimal("40"),
        achieved_year=2015,
        source_url="https://example.org/r",
    )
    data = client.get(reverse("opendata:api-detail", args=["measured"])).json()
    assert data["indicators"] == [
        {
            "name": "Jobs",
            "unit": "jobs",
            "baseline": {"value": "10", "year": 2013},
            "target": None,
            "achieved": {"value": "40", "year": 2015},
            "source": {"title": "", "url": "https://example.org/r"},
        }
    ]
    response = client.get(reverse("practices:export-csv"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response).decode("utf-8-sig"))))
    assert rows[0]["indicators"] == "Jobs: 10 → 40 jobs (2015)"


def test_indicators_go_with_their_practice():
    practice = PracticeFactory()
    IndicatorFactory.create_batch(2, practice=practice)
    practice.delete()
    assert not Indicator.objects.exists()


def test_a_published_practice_keeps_indicators_in_its_revisions(client, author):
    practice = PracticeFactory(author=author)
    client.force_login(author)
    response = client.post(step_url(practice), step6(**GOOD))
    assert response.status_code == HTTPStatus.FOUND
    snapshot = PracticeRevision.objects.latest("at").snapshot
    assert snapshot["indicators"][0]["name"] == "Jobs created in creative firms"
    assert Decimal(snapshot["indicators"][0]["achieved_value"]) == Decimal("345.50")
