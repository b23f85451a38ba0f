from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")


def test_profile_needs_a_signed_in_user(client):
    response = client.get(PROFILE_URL)
    assertRedirects(
        response, f"{reverse('account_login')}?next={PROFILE_URL}", 302, 200
    )


def test_consent_to_be_listed_is_off_by_default_and_explained(client):
    user = UserFactory(verified=True)
    assert user.is_listed_as_follower is False
    client.force_login(user)
    response = client.get(PROFILE_URL)
    assertContains(response, 'name="is_listed_as_follower"')
    assertNotContains(response, "checked")
    assertContains(response, 'id="id_is_listed_as_follower_helptext"')
    assertContains(response, 'aria-describedby="id_is_listed_as_follower_helptext"')


def test_saving_the_profile_keeps_the_values_and_says_so(client):
    user = UserFactory(verified=True)
    client.force_login(user)
    response = client.post(
        PROFILE_URL,
        {
            "display_name": "Ada Lovelace",
            "job_title": "Cluster manager",
            "organisation": "Province of Namur",
            "country": "BE",
            "is_listed_as_follower": "on",
            "language": "en",
        },
        follow=True,
    )
    assertRedirects(response, PROFILE_URL)
    assertContains(response, "Your profile has been saved.")
    user.refresh_from_db()
    assert user.display_name == "Ada Lovelace"
    assert user.job_title == "Cluster manager"
    assert user.country.code == "BE"
    assert user.is_listed_as_follower is True


def test_errors_are_announced_and_keep_what_was_typed(client):
    user = UserFactory(verified=True)
    client.force_login(user)
    response = client.post(
        PROFILE_URL,
        {
            "display_name": "",
            "job_title": "Cluster manager",
            "country": "XX",
            "language": "en",
        },
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assertContains(response, 'role="alert"', status_code=400)
    assertContains(response, 'aria-invalid="true"', count=2, status_code=400)
    assertContains(response, 'id="id_display_name_error"', status_code=400)
    assertContains(response, 'value="Cluster manager"', status_code=400)
    user.refresh_from_db()
    assert user.job_title != "Cluster manager"


def test_the_header_links_to_the_account_pages(client):
    client.force_login(UserFactory(verified=True))
    response = client.get(reverse("home"))
    assertContains(response, f'href="{PROFILE_URL}"')
    assertContains(response, f'href="{reverse("following:dashboard")}"')


def test_the_profile_page_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    client.force_login(UserFactory(verified=True))
    with django_assert_max_num_queries(4):
        response = client.get(PROFILE_URL)
    assert response.status_code == HTTPStatus.OK


def test_the_profile_page_is_in_french_under_fr(client):
    client.force_login(UserFactory(verified=True))
    response = client.get(f"/fr{PROFILE_URL}")
    assert response.status_code == HTTPStatus.OK
    assertContains(response, '<html lang="fr">')


def post_region(client, country, region):
    return client.post(
        PROFILE_URL,
        {
            "display_name": "Ada",
            "country": country,
            "region": region,
            "language": "en",
        },
    )


@pytest.mark.parametrize(
    ("country", "typed", "kept"),
    [("BE", "be35", "BE35"), ("GR", "EL30", "EL30"), ("FR", " FRK2 ", "FRK2")],
)
def test_the_region_is_a_nuts_code_of_the_members_country(client, country, typed, kept):
    user = UserFactory(verified=True)
    client.force_login(user)
    assertContains(client.get(PROFILE_URL), 'name="region"')
    response = post_region(client, country, typed)
    assert response.status_code == HTTPStatus.FOUND
    user.refresh_from_db()
    assert user.region == kept
    assert user.personal_data()["accounts"]["profile"]["region"] == kept


@pytest.mark.parametrize(
    ("country", "region", "error"),
    [
        ("BE", "FRK2", "This region is not in Belgium: its NUTS code begins with BE."),
        ("BE", "35BE", "Enter your region&#x27;s NUTS 2 code"),
        ("BE", "B", "Enter your region&#x27;s NUTS 2 code"),
        ("", "BE35", "Choose the country your region belongs to."),
    ],
)
def test_a_wrong_region_is_refused_with_a_clear_message(client, country, region, error):
    user = UserFactory(verified=True)
    client.force_login(user)
    response = post_region(client, country, region)
    assertContains(response, error, status_code=HTTPStatus.BAD_REQUEST)
    assertContains(response, "error-summary", status_code=HTTPStatus.BAD_REQUEST)
    user.refresh_from_db()
    assert user.region == ""


def test_the_region_field_is_in_french(client):
    user = UserFactory(verified=True, language="fr")
    client.force_login(user)
    with translation.override("fr"):
        url = reverse("accounts:profile")
    assertContains(client.get(url), "Région (code NUTS 2)")
