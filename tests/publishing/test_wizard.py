from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from practices.models import Organisation, Practice, PracticeItem
from publishing.lifecycle import practice_transition
from tests.factories import (
    IndicatorFactory,
    PartnershipFactory,
    PracticeFactory,
    PracticeItemFactory,
    UserFactory,
)

from .conftest import management

pytestmark = pytest.mark.django_db


def step_url(practice, number):
    return reverse("publishing:step", kwargs={"pk": practice.pk, "number": number})


def start(client, topic, title="Creative district"):
    response = client.post(
        reverse("publishing:new"),
        {
            "practice-title": title,
            "practice-summary": "A district for creative businesses.",
            "practice-description": "What Wallonia did.",
            "practice-topics": [topic.pk],
            "practice-keywords": "creativity, districts ,",
            "next": "1",
        },
    )
    return response


def test_step_one_creates_a_draft_by_the_user(author_client, author, topic):
    response = start(author_client, topic)
    practice = Practice.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == step_url(practice, 2)
    assert practice.status == Practice.Status.DRAFT
    assert practice.author == author
    assert practice.slug == "creative-district"
    assert practice.keywords == ["creativity", "districts"]
    assert list(practice.topics.all()) == [topic]


def test_slugs_stay_unique(author_client, topic):
    PracticeFactory(slug="creative-district")
    start(author_client, topic)
    assert Practice.objects.filter(slug="creative-district-2").exists()


def test_an_error_rerenders_the_step_with_every_value_kept(author_client, topic):
    response = author_client.post(
        reverse("publishing:new"),
        {"practice-title": "", "practice-summary": "Kept summary", "next": "1"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assertContains(response, "Kept summary", status_code=HTTPStatus.BAD_REQUEST)
    assertContains(response, 'role="alert"', status_code=HTTPStatus.BAD_REQUEST)
    assert not Practice.objects.exists()


def test_step_two_takes_months_and_a_new_organisation(author_client, topic):
    start(author_client, topic)
    practice = Practice.objects.get()
    response = author_client.post(
        step_url(practice, 2),
        {
            "practice-new_organisation": "Brand New Agency",
            "practice-new_organisation_kind": "agency",
            "practice-new_organisation_country": "BE",
            "practice-country": "BE",
            "practice-region": "Wallonia",
            "practice-nuts_code": "BE3",
            "practice-start_date": "2013-03",
            "practice-end_date": "2015-10",
            "next": "1",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content
    practice.refresh_from_db()
    assert practice.main_institution.name == "Brand New Agency"
    assert practice.start_date.isoformat() == "2013-03-01"
    assert practice.end_date.isoformat() == "2015-10-01"


def test_step_two_refuses_an_end_before_the_start(author_client, topic, organisation):
    start(author_client, topic)
    practice = Practice.objects.get()
    response = author_client.post(
        step_url(practice, 2),
        {
            "practice-main_institution": organisation.pk,
            "practice-country": "BE",
            "practice-start_date": "2015-03",
            "practice-end_date": "2013-10",
        },
    )
    assertContains(response, "2013-10", status_code=HTTPStatus.BAD_REQUEST)
    assertContains(
        response,
        "The end date must be after the start date",
        status_code=HTTPStatus.BAD_REQUEST,
    )


def test_formset_errors_keep_every_typed_row(author_client, author):
    practice = PracticeFactory(draft=True, author=author)
    data = {
        **management("evidence", 2),
        "evidence-0-text": "Forty start-ups joined.",
        "evidence-1-text": "",
        "evidence-1-order": "abc",
        **management("difficulty", 1),
        "difficulty-0-text": "",
        "difficulty-0-solution": "A solution without its difficulty",
        **management("learning", 1),
        "learning-0-text": "Start small.",
    }
    response = author_client.post(step_url(practice, 6), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    for typed in ("Forty start-ups joined.", "A solution without its", "Start small."):
        assertContains(response, typed, status_code=HTTPStatus.BAD_REQUEST)
    assert not PracticeItem.objects.exists()


def test_sections_and_partners_are_saved(author_client, author, organisation):
    practice = PracticeFactory(draft=True, author=author)
    response = author_client.post(
        step_url(practice, 6),
        {
            **management("evidence"),
            "evidence-0-text": "Forty start-ups joined.",
            "evidence-0-order": "0",
            **management("difficulty"),
            "difficulty-0-text": "Silos.",
            "difficulty-0-solution": "A steering group.",
            "difficulty-0-order": "0",
            **management("learning"),
            "learning-0-text": "",
            "learning-0-order": "0",
            **management("indicators", 0),
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert [(i.section, i.text) for i in practice.items.all()] == [
        ("difficulty", "Silos."),
        ("evidence", "Forty start-ups joined."),
    ]
    response = author_client.post(
        step_url(practice, 4),
        {
            **management("partners", 2),
            "partners-0-organisation": organisation.pk,
            "partners-0-role": "Lead",
            "partners-0-order": "0",
            "partners-1-new_organisation": "A New Partner",
            "partners-1-new_organisation_kind": "cluster",
            "partners-1-new_organisation_country": "FR",
            "partners-1-order": "1",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content
    assert [str(p.organisation) for p in practice.partnerships.all()] == [
        "Creative Wallonia Agency",
        "A New Partner",
    ]
    assert Organisation.objects.filter(name="A New Partner", country="FR").exists()


def test_steps_are_navigable_and_resumable(author_client, author):
    practice = PracticeFactory(draft=True, author=author)
    response = author_client.get(reverse("publishing:drafts"))
    assertContains(response, step_url(practice, 1))
    for number in range(1, 8):
        response = author_client.get(step_url(practice, number))
        assert response.status_code == HTTPStatus.OK
        assertContains(response, step_url(practice, 7 if number != 7 else 1))
    assert author_client.get(step_url(practice, 8)).status_code == 404


def test_submitting_moves_the_draft_to_review(author_client, author):
    practice = PracticeFactory(draft=True, author=author)
    IndicatorFactory(practice=practice)
    response = author_client.post(reverse("publishing:submit", args=[practice.pk]))
    assert response.status_code == HTTPStatus.FOUND
    practice.refresh_from_db()
    assert practice.status == Practice.Status.IN_REVIEW
    assert practice.transitions.get().by == author


def test_an_incomplete_draft_is_not_submitted(author_client, author):
    practice = PracticeFactory(draft=True, author=author, main_institution=None)
    response = author_client.post(reverse("publishing:submit", args=[practice.pk]))
    assertContains(response, "main institution", status_code=400)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT


def test_other_people_cannot_open_a_draft_in_the_wizard(client, author):
    practice = PracticeFactory(draft=True, author=author)
    client.force_login(UserFactory(verified=True))
    assert client.get(step_url(practice, 1)).status_code == 404
    assert (
        client.post(reverse("publishing:submit", args=[practice.pk])).status_code == 404
    )


def test_an_unverified_user_cannot_submit(client):
    client.force_login(UserFactory())
    assert client.get(reverse("publishing:new")).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("publishing:new"))
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in response.url


@pytest.mark.parametrize(
    ("status", "viewer", "visible"),
    [
        ("draft", "author", True),
        ("draft", "expert", False),
        ("draft", "staff", True),
        ("draft", "reader", False),
        ("draft", "anonymous", False),
        ("in_review", "expert", True),
        ("in_review", "reader", False),
        ("changes_requested", "author", True),
        ("changes_requested", "expert", False),
        ("archived", "reader", False),
        ("archived", "staff", True),
    ],
)
def test_preview_visibility(client, author, expert, staff, status, viewer, visible):
    practice = PracticeFactory(draft=True, author=author, title="Hidden practice")
    Practice.objects.filter(pk=practice.pk).update(
        status=status, published_at=practice.created_at
    )
    users = {
        "author": author,
        "expert": expert,
        "staff": staff,
        "reader": UserFactory(verified=True),
    }
    if viewer in users:
        client.force_login(users[viewer])
    response = client.get(reverse("publishing:preview", args=[practice.pk]))
    assert response.status_code == (200 if visible else 404)
    if visible:
        assertContains(response, "Hidden practice")
        assertContains(response, 'name="robots" content="noindex"')
    # The public page never shows what is not published.
    assert client.get(practice.get_absolute_url()).status_code == 404


def test_my_practices_lists_only_mine_in_constant_queries(
    author_client, author, django_assert_max_num_queries
):
    for _ in range(3):
        PracticeFactory(draft=True, author=author)
    PracticeFactory(draft=True, title="Someone else's")
    with django_assert_max_num_queries(5):
        response = author_client.get(reverse("publishing:drafts"))
    assertNotContains(response, "Someone else")
    assert len(response.context["practices"]) == 3


def test_two_partner_rows_cannot_add_the_same_organisation(author_client, author):
    practice = PracticeFactory(draft=True, author=author)
    row = {
        "new_organisation": "Twice Agency",
        "new_organisation_kind": "agency",
        "new_organisation_country": "BE",
    }
    data = management("partners", 2)
    for index in (0, 1):
        data.update({f"partners-{index}-{key}": value for key, value in row.items()})
    response = author_client.post(step_url(practice, 4), data)
    assertContains(response, "only once", status_code=HTTPStatus.BAD_REQUEST)
    assert not Organisation.objects.filter(name="Twice Agency").exists()


def test_the_preview_links_to_the_next_action(client, author, expert):
    practice = PracticeFactory(draft=True, author=author)
    IndicatorFactory(practice=practice)
    client.force_login(author)
    preview = reverse("publishing:preview", args=[practice.pk])
    assertContains(client.get(preview), step_url(practice, 1))
    practice_transition(practice=practice, to=Practice.Status.IN_REVIEW, by=author)
    client.force_login(expert)
    response = client.get(preview)
    assertContains(response, reverse("publishing:review", args=[practice.pk]))
    assertNotContains(response, step_url(practice, 1))


def test_the_preview_queries_are_constant(
    client, author, django_assert_max_num_queries
):
    practice = PracticeFactory(draft=True, author=author)
    for _ in range(5):
        PracticeItemFactory(practice=practice)
        PartnershipFactory(practice=practice)
    client.force_login(author)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("publishing:preview", args=[practice.pk]))
    assert response.status_code == HTTPStatus.OK


def test_the_author_withdraws_a_submission(author_client, author):
    practice = PracticeFactory(draft=True, author=author)
    IndicatorFactory(practice=practice)
    practice_transition(practice=practice, to=Practice.Status.IN_REVIEW, by=author)
    preview = reverse("publishing:preview", args=[practice.pk])
    withdraw = reverse("publishing:withdraw", args=[practice.pk])
    assertContains(author_client.get(preview), withdraw)
    response = author_client.post(withdraw)
    assert response.status_code == HTTPStatus.FOUND
    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT
    # Withdrawing a draft again is refused with a message, not an error page.
    response = author_client.post(withdraw, follow=True)
    assertContains(response, "cannot go from")


def test_nobody_else_withdraws(client, author):
    practice = PracticeFactory(draft=True, author=author)
    IndicatorFactory(practice=practice)
    practice_transition(practice=practice, to=Practice.Status.IN_REVIEW, by=author)
    client.force_login(UserFactory(expert=True))
    response = client.post(reverse("publishing:withdraw", args=[practice.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    practice.refresh_from_db()
    assert practice.status == Practice.Status.IN_REVIEW
