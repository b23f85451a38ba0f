"""The evidence level: proposed by the author, set by an expert, shown, filtered."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from evidence.models import EvidenceAssessment, EvidenceLevel
from practices.models import Practice
from publishing.lifecycle import practice_transition
from tests.factories import IndicatorFactory, PracticeFactory, UserFactory

from .conftest import step6

pytestmark = pytest.mark.django_db


def assess(practice, level, proposed=None):
    return EvidenceAssessment.objects.create(
        practice=practice, level=level, proposed_level=proposed
    )


def test_the_levels_page_explains_every_level(client):
    response = client.get(reverse("evidence:levels"))
    for _level, label, criteria in EvidenceLevel.criteria():
        assertContains(response, label)
        assertContains(response, criteria)


def test_the_levels_page_is_in_french(client):
    response = client.get("/fr/evidence/levels/")
    assertContains(response, "Évaluée de façon indépendante")


def test_the_author_proposes_a_level(author_client, draft):
    url = reverse("publishing:step", kwargs={"pk": draft.pk, "number": 6})
    data = step6(name="Jobs", unit="jobs", achieved_value="4", achieved_year="2015")
    data["practice-proposed_level"] = "2"
    assert author_client.post(url, data).status_code == HTTPStatus.FOUND
    assessment = draft.evidence_assessment
    assert (assessment.proposed_level, assessment.level) == (2, None)
    response = author_client.get(url)
    assertContains(response, '<option value="2" selected>Results measured</option>')


def test_an_unknown_level_is_refused(author_client, draft):
    url = reverse("publishing:step", kwargs={"pk": draft.pk, "number": 6})
    data = step6(name="Jobs", unit="jobs", achieved_value="4", achieved_year="2015")
    data["practice-proposed_level"] = "9"
    response = author_client.post(url, data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not EvidenceAssessment.objects.exists()


@pytest.fixture
def submission(author):
    practice = PracticeFactory(draft=True, author=author)
    IndicatorFactory(practice=practice)
    assess(practice, None, proposed=EvidenceLevel.RESULTS_MEASURED)
    practice_transition(practice=practice, to=Practice.Status.IN_REVIEW, by=author)
    return practice


def test_the_expert_sees_the_proposal_and_sets_the_level(client, expert, submission):
    client.force_login(expert)
    url = reverse("publishing:review", args=[submission.pk])
    response = client.get(url)
    assertContains(response, '<option value="2" selected>Results measured</option>')
    assertContains(response, "What the evidence levels mean")
    response = client.post(
        url, {"publish": "1", "publish-text": "Solid.", "level-level": "3"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assessment = EvidenceAssessment.objects.get(practice=submission)
    assert assessment.level == EvidenceLevel.INDEPENDENTLY_EVALUATED
    assert assessment.set_by == expert
    assert assessment.set_at is not None
    response = client.get(submission.get_absolute_url())
    assertContains(response, "Independently evaluated")
    assertContains(response, "level 3 of 4")


def test_a_bad_level_at_review_keeps_the_opinion(client, expert, submission):
    client.force_login(expert)
    response = client.post(
        reverse("publishing:review", args=[submission.pk]),
        {"publish": "1", "publish-text": "My careful opinion", "level-level": "x"},
    )
    assertContains(response, "My careful opinion", status_code=400)
    submission.refresh_from_db()
    assert submission.status == Practice.Status.IN_REVIEW


def test_a_practice_without_a_level_says_so(client):
    practice = PracticeFactory()
    response = client.get(practice.get_absolute_url())
    assertContains(response, "not assessed yet")
    assertContains(response, reverse("evidence:levels"))


@pytest.fixture
def three_levels():
    low = PracticeFactory(title="Low")
    assess(low, EvidenceLevel.IDEA_TESTED)
    high = PracticeFactory(title="High")
    assess(high, EvidenceLevel.TRANSFERRED)
    none = PracticeFactory(title="Unassessed")
    return low, high, none


def test_filter_at_least_a_level(client, three_levels):
    data = client.get(reverse("opendata:api-list"), {"evidence": "3"}).json()
    assert [p["title"] for p in data["results"]] == ["High"]
    assert data["results"][0]["evidence_level"] == 4
    response = client.get(reverse("practices:list"), {"evidence": "1"})
    assertContains(response, "Low")
    assertContains(response, "High")
    assertNotContains(response, "Unassessed")
    assertContains(response, '<option value="1" selected>Idea tested</option>')


def test_sort_by_evidence_puts_the_unassessed_last(client, three_levels):
    data = client.get(reverse("opendata:api-list"), {"sort": "evidence"}).json()
    assert [p["title"] for p in data["results"]] == ["High", "Low", "Unassessed"]


@pytest.mark.parametrize("value", ["9", "0", "abc", "-1"])
def test_a_bad_level_filter_is_a_400(client, value):
    response = client.get(reverse("practices:list"), {"evidence": value})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    api = client.get(reverse("opendata:api-list"), {"evidence": value})
    assert api.status_code == HTTPStatus.BAD_REQUEST


def test_the_csv_has_the_level(client, three_levels):
    body = b"".join(client.get(reverse("practices:export-csv"), {"sort": "title"}))
    lines = body.decode("utf-8-sig").splitlines()
    assert ",evidence_level,indicators," in lines[0]
    assert lines[1].startswith("High,") and ",4," in lines[1]


def test_the_levels_an_expert_set_are_in_their_data_export(expert):
    practice = PracticeFactory(title="Assessed")
    EvidenceAssessment.objects.create(practice=practice, level=3, set_by=expert)
    data = expert.personal_data()
    assert data["evidence"]["evidence_levels_set"][0]["practice__title"] == "Assessed"


def test_deleting_the_expert_keeps_the_level(expert):
    practice = PracticeFactory()
    EvidenceAssessment.objects.create(practice=practice, level=3, set_by=expert)
    expert.delete()
    assessment = EvidenceAssessment.objects.get()
    assert (assessment.level, assessment.set_by) == (3, None)


def test_anyone_may_read_the_levels_page(client):
    client.force_login(UserFactory())
    assert client.get(reverse("evidence:levels")).status_code == HTTPStatus.OK
