"""Complete before review: the wizard names what is missing and links to it."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from practices.models import Practice
from publishing.lifecycle import TransitionNotAllowed, practice_transition
from tests.factories import IndicatorFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def step_url(practice, number):
    return reverse("publishing:step", kwargs={"pk": practice.pk, "number": number})


def test_a_draft_without_indicators_is_not_submitted(author_client, draft):
    response = author_client.post(reverse("publishing:submit", args=[draft.pk]))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assertContains(response, "at least one result indicator", status_code=400)
    assertContains(response, f'href="{step_url(draft, 6)}"', status_code=400)
    draft.refresh_from_db()
    assert draft.status == Practice.Status.DRAFT


def test_the_last_step_lists_each_missing_section_with_its_step(author_client, author):
    practice = PracticeFactory(
        draft=True, author=author, main_institution=None, summary=""
    )
    response = author_client.get(step_url(practice, 7))
    assertContains(response, f'<a href="{step_url(practice, 1)}">summary</a>')
    assertContains(response, f'<a href="{step_url(practice, 2)}">main institution</a>')
    assertContains(response, "step 2: Main institution, location and dates")
    assertContains(response, f'href="{step_url(practice, 6)}"')


def test_a_complete_draft_lists_nothing_and_is_submitted(author_client, draft):
    IndicatorFactory(practice=draft)
    assertNotContains(author_client.get(step_url(draft, 7)), 'id="missing-sections"')
    response = author_client.post(reverse("publishing:submit", args=[draft.pk]))
    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert draft.status == Practice.Status.IN_REVIEW


def test_the_life_cycle_itself_refuses_an_incomplete_practice(draft, author):
    with pytest.raises(TransitionNotAllowed, match="result indicator"):
        practice_transition(practice=draft, to=Practice.Status.IN_REVIEW, by=author)


def test_changes_requested_need_the_indicator_too(author_client, draft):
    draft.status = Practice.Status.CHANGES_REQUESTED
    draft.save()
    response = author_client.post(reverse("publishing:submit", args=[draft.pk]))
    assertContains(response, "result indicator", status_code=400)
