"""Random input to the wizard and review forms, as the people who use them."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given

from accounts.models import User
from practices.models import Practice
from tests.constants import WECD_SLUG
from tests.test_fuzz import FUZZ, params_for

from .conftest import management

pytestmark = pytest.mark.django_db

STEP_FIELDS = {
    1: ["practice-title", "practice-summary", "practice-description"]
    + ["practice-topics", "practice-keywords"],
    2: ["practice-main_institution", "practice-new_organisation"]
    + ["practice-new_organisation_kind", "practice-new_organisation_country"]
    + ["practice-country", "practice-nuts_code", "practice-start_date"]
    + ["practice-end_date"],
    3: ["practice-budget_amount", "practice-budget_currency"]
    + ["practice-duration_months", "funding-0-name", "funding-0-kind"],
    4: ["partners-0-organisation", "partners-0-new_organisation"]
    + ["partners-0-new_organisation_kind", "partners-0-new_organisation_country"]
    + ["partners-1-new_organisation", "partners-1-new_organisation_kind"]
    + ["partners-1-new_organisation_country", "partners-0-role"],
    5: ["axes-0-title", "axes-0-order", "axes-TOTAL_FORMS"],
    6: ["evidence-0-text", "difficulty-0-solution", "learning-0-order"]
    + ["indicators-0-name", "indicators-0-baseline_value", "indicators-0-achieved_year"]
    + ["indicators-0-source_url", "indicators-TOTAL_FORMS", "practice-proposed_level"],
}


def client_for(email):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email=email))
    return client


@pytest.mark.parametrize("number", STEP_FIELDS)
def test_wizard_steps_never_cause_a_server_error(demo, number):
    client = client_for("author@example.org")
    practice = Practice.objects.get(slug=WECD_SLUG)
    url = reverse("publishing:step", kwargs={"pk": practice.pk, "number": number})
    base = {
        **management("funding", 1),
        **management("partners", 2),
        **management("axes", 1),
        **management("evidence", 1),
        **management("difficulty", 1),
        **management("learning", 1),
        **management("indicators", 1),
    }

    @FUZZ
    @given(data=params_for(STEP_FIELDS[number]))
    def check(data):
        response = client.post(url, {**base, **data})
        assert response.status_code < 500, (url, data)

    check()


@pytest.mark.parametrize(
    ("email", "url_name", "fields"),
    [
        ("author@example.org", "publishing:new", ["practice-title"]),
        ("expert@example.org", "publishing:opinion", ["text"]),
        (
            "author@example.org",
            "publishing:translation",
            ["practice-title", "parts-axes-0-title", "parts-axes-1-title"]
            + ["parts-partnerships-0-role", "parts-items-0-solution", "remove"],
        ),
    ],
)
def test_other_forms_never_cause_a_server_error(demo, email, url_name, fields):
    client = client_for(email)
    practice = Practice.objects.get(slug=WECD_SLUG)
    args = [] if url_name == "publishing:new" else [practice.pk]
    url = reverse(url_name, args=args)

    @FUZZ
    @given(data=params_for(fields))
    def check(data):
        assert client.post(url, data).status_code < 500, (url, data)

    check()
