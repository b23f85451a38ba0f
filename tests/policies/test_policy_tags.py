"""Policy tags: cohesion policy objectives and SDGs, chosen, shown, filtered."""

import csv
import io
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from policies.models import PolicyTag
from practices.models import Practice
from tests.constants import WECD_SLUG, WECD_URL
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


def tag(slug):
    return PolicyTag.objects.get(slug=slug)


def test_the_migration_seeds_5_objectives_and_17_goals_in_two_languages():
    assert PolicyTag.objects.objectives().count() == 5
    assert PolicyTag.objects.goals().count() == 17
    assert tag("po1").name_en == "A more competitive and smarter Europe"
    assert tag("po1").name_fr == "Une Europe plus compétitive et plus intelligente"
    assert tag("sdg8").name_fr == "Travail décent et croissance économique"
    assert tag("sdg17").name_en == "Partnerships for the goals"
    with translation.override("fr"):
        assert str(tag("sdg11")) == "ODD 11 · Villes et communautés durables"
        assert tag("po5").name == "Une Europe plus proche des citoyens"


@pytest.fixture
def author():
    return UserFactory(verified=True)


@pytest.fixture
def draft(author):
    return PracticeFactory(draft=True, author=author)


def test_the_author_chooses_objectives_and_goals(client, author, draft):
    client.force_login(author)
    url = reverse("policies:edit", args=[draft.pk])
    step = client.get(reverse("publishing:step", kwargs={"pk": draft.pk, "number": 1}))
    assertContains(step, url)
    page = client.get(url)
    assertContains(page, "A more social and inclusive Europe")
    assertContains(page, "Life below water")
    response = client.post(
        url, {"objectives": [tag("po1").pk], "goals": [tag("sdg8").pk, tag("sdg9").pk]}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert {t.slug for t in draft.policy_tags.all()} == {"po1", "sdg8", "sdg9"}
    # Kept as chosen when the page is opened again; unticking removes.
    assertContains(client.get(url), f'value="{tag("sdg8").pk}" id="id_goals_', 1)
    client.post(url, {"objectives": [tag("po1").pk]})
    assert {t.slug for t in draft.policy_tags.all()} == {"po1"}


def test_a_goal_cannot_pass_as_an_objective(client, author, draft):
    client.force_login(author)
    response = client.post(
        reverse("policies:edit", args=[draft.pk]),
        {"objectives": [tag("sdg8").pk], "goals": ["nonsense"]},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not draft.policy_tags.exists()


def test_only_the_author_or_staff_chooses(client, draft):
    url = reverse("policies:edit", args=[draft.pk])
    assert client.get(url).status_code == HTTPStatus.FOUND  # to the login
    client.force_login(UserFactory(verified=True))
    assert client.post(url, {"goals": [tag("sdg1").pk]}).status_code == 404
    client.force_login(UserFactory(verified=True, is_staff=True))
    assert client.post(url, {"goals": [tag("sdg1").pk]}).status_code == 302
    assert draft.policy_tags.count() == 1


def test_tags_cannot_change_while_in_review(client, author, draft):
    draft.status = draft.Status.IN_REVIEW
    draft.save()
    client.force_login(author)
    response = client.post(
        reverse("policies:edit", args=[draft.pk]), {"goals": [tag("sdg1").pk]}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not draft.policy_tags.exists()


def test_the_practice_page_shows_them_at_once_in_each_language(client, committed):
    practice = PracticeFactory()
    client.get(practice.get_absolute_url())  # cached without tags
    with committed():
        practice.policy_tags.set([tag("po2"), tag("sdg13")])
    response = client.get(practice.get_absolute_url())
    assertContains(response, 'id="policy-objectives"')
    assertContains(response, "A greener, low-carbon Europe")
    assertContains(response, "Climate action")
    assertContains(response, f'href="{reverse("practices:list")}?sdg=sdg13"')
    french = client.get(f"/fr{practice.get_absolute_url()}")
    assertContains(french, "Mesures relatives à la lutte contre les changements")
    assertContains(french, "Une Europe plus verte")


def test_a_practice_without_tags_has_no_row(client):
    practice = PracticeFactory()
    assertNotContains(client.get(practice.get_absolute_url()), 'id="sdgs"')


@pytest.fixture
def tagged(committed):
    with committed():
        one, two, _three = PracticeFactory.create_batch(3)
        one.policy_tags.set([tag("po1"), tag("sdg8")])
        two.policy_tags.set([tag("po1"), tag("sdg9")])
    return one, two


def test_the_list_filters_by_goal_with_facet_counts(client, tagged):
    one, _two = tagged
    response = client.get(reverse("practices:list"), {"sdg": "sdg8"})
    assert list(response.context["practice_list"]) == [one]
    facets = response.context["facets"]
    # A facet's own filter is left out of its counts; the others apply.
    assert {k: n for k, _l, n, _s in facets["sdg"]} == {"sdg8": 1, "sdg9": 1}
    assert {k: n for k, _l, n, _s in facets["objective"]} == {"po1": 1}
    assert [k for k, *_ in facets["sdg"]] == ["sdg8", "sdg9"]
    selected = [label for _k, label, _n, s in facets["sdg"] if s]
    assert selected == ["Decent work and economic growth"]
    unfiltered = client.get(reverse("practices:list")).context["facets"]
    assert {k: n for k, _l, n, _s in unfiltered["objective"]} == {"po1": 2}
    both = client.get(reverse("practices:list"), {"objective": "po1", "sdg": "sdg9"})
    assert both.context["paginator"].count == 1


def test_an_unknown_tag_is_a_400(client):
    response = client.get(reverse("practices:list"), {"sdg": "sdg99"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    response = client.get(reverse("practices:list"), {"objective": "sdg8"})
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_the_api_and_csv_carry_the_tags(client, tagged):
    one, _two = tagged
    api = client.get(reverse("opendata:api-detail", args=[one.slug])).json()
    assert [(t["slug"], t["number"]) for t in api["policy_tags"]] == [
        ("po1", 1),
        ("sdg8", 8),
    ]
    assert api["policy_tags"][1]["name"]["fr"] == (
        "Travail décent et croissance économique"
    )
    listed = client.get(reverse("opendata:api-list"), {"sdg": "sdg8"}).json()
    assert [p["slug"] for p in listed["results"]] == [one.slug]
    body = client.get(reverse("practices:export-csv"), {"sdg": "sdg8"})
    text = b"".join(body.streaming_content).decode().removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["cohesion_policy_objectives"] == (
        "1 A more competitive and smarter Europe"
    )
    assert rows[0]["sustainable_development_goals"] == (
        "8 Decent work and economic growth"
    )


def test_the_demo_practice_is_tagged(client, demo):
    practice = Practice.objects.get(slug=WECD_SLUG)
    assert {t.slug for t in practice.policy_tags.all()} == {
        "po1",
        "sdg8",
        "sdg9",
        "sdg11",
    }
    assertContains(client.get(WECD_URL), "Sustainable cities and communities")


def test_the_comparison_has_a_row_for_each_kind(client, tagged):
    one, two = tagged
    response = client.get(reverse("discovery:compare"), {"p": [one.slug, two.slug]})
    rows = dict(response.context["rows"])
    assert rows["EU cohesion policy"] == ["PO1", "PO1"]
    assert rows["Sustainable Development Goals"] == ["SDG 8", "SDG 9"]


def test_load_demo_puts_the_tags_back_after_a_flush():
    """Live-server tests flush the database between tests, migrations seed once."""
    PolicyTag.objects.all().delete()
    call_command("load_demo", verbosity=0)
    assert PolicyTag.objects.goals().count() == 17
    practice = Practice.objects.get(slug=WECD_SLUG)
    assert sorted(practice.policy_tags.values_list("slug", flat=True)) == [
        "po1",
        "sdg11",
        "sdg8",
        "sdg9",
    ]
