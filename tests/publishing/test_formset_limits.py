"""A wizard step never builds more rows than a practice may have."""

import time
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from pytest_django.asserts import assertContains

from practices.limits import MAX_PARTNERS
from practices.models import Partnership
from publishing import forms
from publishing.steps import STEPS
from tests.factories import PracticeFactory

from .conftest import management

pytestmark = pytest.mark.django_db

HUGE = 100_000


def step_url(practice, number):
    return reverse("publishing:step", kwargs={"pk": practice.pk, "number": number})


def step_post(number, prefix, total, extra=None):
    """The management forms of every formset of the step, one of them forged."""
    data = {}
    for other, _formset, _legend in STEPS[number - 1].formsets:
        data.update(management(other, 0))
    data.update(management(prefix, total))
    data.update(extra or {})
    return data


@pytest.mark.parametrize(
    ("number", "prefix"),
    [
        (number, prefix)
        for number, step in enumerate(STEPS, start=1)
        for prefix, _formset, _legend in step.formsets
    ],
)
def test_a_forged_row_count_is_refused_at_once(author_client, author, number, prefix):
    practice = PracticeFactory(draft=True, author=author)
    data = step_post(number, prefix, HUGE, {"practice-resources_note": "Kept note"})
    author_client.get(step_url(practice, number))  # Templates compiled, caches warm.
    started = time.perf_counter()
    author_client.get(step_url(practice, number))
    a_page = time.perf_counter() - started
    started = time.perf_counter()
    response = author_client.post(step_url(practice, number), data)
    elapsed = time.perf_counter() - started
    # Unbounded, it took seconds (100,000 forms); bounded, the cost of a page.
    # Relative to a page, so that a busy machine does not fail it.
    assert elapsed < max(1.0, 5 * a_page)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    # The step is shown again, small, with what the form can keep.
    assert len(response.content) < 200_000
    assertContains(response, "more rows than a practice may have", status_code=400)
    if number == 3:
        assertContains(response, "Kept note", status_code=400)


def test_every_formset_is_bounded():
    for step in STEPS:
        for _prefix, formset_class, _legend in step.formsets:
            assert formset_class.validate_max
            assert formset_class.max_num <= formset_class.absolute_max <= 100


def test_rows_up_to_the_limit_are_saved(author_client, author, organisation):
    practice = PracticeFactory(draft=True, author=author)
    limit = forms.PartnershipFormSet.max_num
    data = management("partners", limit)
    for index in range(limit):
        data[f"partners-{index}-new_organisation"] = f"Agency {index}"
        data[f"partners-{index}-new_organisation_kind"] = "agency"
        data[f"partners-{index}-new_organisation_country"] = "BE"
        data[f"partners-{index}-order"] = str(index)
    response = author_client.post(step_url(practice, 4), data)
    assert response.status_code == HTTPStatus.FOUND
    assert Partnership.objects.filter(practice=practice).count() == limit
    # The largest form the wizard can send fits Django's field limit.
    assert len(data) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS


def test_a_full_practice_offers_no_empty_row(author_client, author):
    practice = PracticeFactory(draft=True, author=author)
    limit = forms.FundingSourceFormSet.max_num
    for index in range(limit):
        practice.funding_sources.create(name=f"Fund {index}", order=index)
    response = author_client.get(step_url(practice, 3))
    assert len(response.context["formsets"][0][1].forms) == limit
    assertContains(response, f"at most {limit}")


def test_a_post_with_too_many_fields_is_a_400(author_client, author):
    practice = PracticeFactory(draft=True, author=author)
    data = management("partners", 1)
    data.update({f"junk-{index}": "x" for index in range(1200)})
    response = author_client.post(step_url(practice, 4), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_the_admin_inlines_are_bounded_too(admin_client):
    practice = PracticeFactory()
    response = admin_client.get(
        reverse("admin:practices_practice_change", args=[practice.pk])
    )
    inlines = {
        formset.formset.prefix: formset.formset
        for formset in response.context["inline_admin_formsets"]
    }
    assert inlines["partnerships"].absolute_max == MAX_PARTNERS
    assert inlines["partnerships"].validate_max
