"""The translation of a practice's parts: roles, axes, resources note and items.

Through the author's translation page (publishing/translating.py), the review,
the practice page, search and the API.
"""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from practices.models import ActionAxis, PracticeItem
from publishing.models import PracticeRevision
from tests.factories import (
    ActionAxisFactory,
    OrganisationFactory,
    PartnershipFactory,
    PracticeFactory,
    PracticeItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Snapshot rows (practice_snapshot): items by section, "difficulty" first.
DIFFICULTY, EVIDENCE = 0, 1
FRENCH = {
    "practice-title": "Quartier créatif",
    "practice-summary": "Un quartier pour les entreprises créatives.",
    "practice-description": "Ce que la Wallonie a fait.",
    "parts-partnerships-0-role": "Anime les pôles",
    "parts-axes-0-title": "Pôles créatifs",
    "parts-axes-0-description": "Des lieux pour les artisans.",
    # The second axis stays untranslated.
    "parts-axes-1-title": "",
    "parts-practice-0-resources_note": "Deux bureaux.",
    f"parts-items-{EVIDENCE}-text": "Une pépinière a ouvert ses portes.",
}


def make_practice(author, **kwargs):
    practice = PracticeFactory(
        author=author,
        title="Creative district",
        summary="A district for creative businesses.",
        description="What Wallonia did.",
        resources_note="Two offices.",
        **kwargs,
    )
    PartnershipFactory(
        practice=practice,
        organisation=OrganisationFactory(name="Creative Agency"),
        role="Runs the hubs",
    )
    ActionAxisFactory(
        practice=practice, title="Creative hubs", description="Spaces for makers."
    )
    ActionAxisFactory(practice=practice, title="Vouchers", description="", order=1)
    PracticeItemFactory(practice=practice, section="evidence", text="Jobs created.")
    PracticeItemFactory(
        practice=practice,
        section="difficulty",
        text="A slow start.",
        solution="A second call.",
    )
    return practice


@pytest.fixture
def draft(author):
    return make_practice(author, draft=True)


@pytest.fixture
def published(author):
    return make_practice(author)


def translation_url(practice):
    return reverse("publishing:translation", args=[practice.pk])


def french_page(practice):
    if practice.is_published:
        return Client().get(f"/fr/practices/{practice.slug}/")
    return None


def assert_french_parts_shown(response):
    """The translated parts carry no lang; the untranslated ones lang="en"."""
    assertContains(response, "<h3>Pôles créatifs</h3>")
    assertContains(response, "<p>Des lieux pour les artisans.</p>")
    assertContains(response, '<span class="partner-list__role">Anime les pôles</span>')
    assertContains(response, "<div><p>Deux bureaux.</p></div>")
    assertContains(response, "<li>Une pépinière a ouvert ses portes.</li>")
    assertNotContains(response, "Creative hubs")
    assertNotContains(response, "Jobs created.")
    # Untranslated: shown in the original, marked as such.
    assertContains(response, '<h3 lang="en">Vouchers</h3>')
    assertContains(response, '<p lang="en">A slow start.</p>')
    assertContains(response, '<span lang="en">A second call.</span>')


def test_the_page_shows_each_original_beside_a_field_in_french(author_client, draft):
    page = author_client.get(translation_url(draft))
    assertContains(page, "Action axis 1")
    assertContains(page, "Partner: Creative Agency")
    assertContains(
        page, '<div lang="en"><p>Creative hubs</p></div>', html=False, count=1
    )
    assertContains(page, 'name="parts-axes-0-title"')
    assertContains(page, 'id="id_parts-axes-0-title-original"')
    assertContains(page, 'aria-describedby="id_parts-axes-0-title-original"')
    # The original describes the field, along with its help.
    assertContains(
        page,
        'aria-describedby="id_practice-summary-original id_practice-summary_helptext"',
    )
    assertContains(page, '<label for="id_parts-axes-0-title">Title')
    assertContains(page, f'name="parts-items-{DIFFICULTY}-solution"')
    assertContains(page, 'name="parts-practice-0-resources_note"')
    # An empty original has nothing to translate.
    assertNotContains(page, 'name="parts-axes-1-description"')
    for tag in page.content.decode().split("<input")[1:]:
        if 'name="parts-' in tag.split(">")[0]:
            assert 'lang="fr"' in tag.split(">")[0]


def test_a_drafts_part_translation_shows_at_once_on_the_french_page(
    author_client, draft, committed
):
    with committed():
        response = author_client.post(translation_url(draft), FRENCH)
    assert response.status_code == HTTPStatus.FOUND
    axis = draft.axes.get(order=0)
    assert (axis.title_en, axis.title_fr) == ("Creative hubs", "Pôles créatifs")
    assert draft.axes.get(order=1).title_fr is None
    preview = reverse("publishing:preview", args=[draft.pk])
    assert_french_parts_shown(author_client.get(f"/fr{preview}"))
    english = author_client.get(preview)
    assertContains(english, "<h3>Creative hubs</h3>")
    assertNotContains(english, "Pôles créatifs")
    # The library's own column keeps the original whatever the interface.
    assert ActionAxis.objects.filter(pk=axis.pk).values_list("title", flat=True)[0] == (
        "Creative hubs"
    )


def test_removing_the_translation_removes_the_parts_too(author_client, draft):
    author_client.post(translation_url(draft), FRENCH)
    response = author_client.post(translation_url(draft), {"remove": "1"})
    assert response.status_code == HTTPStatus.FOUND
    assert draft.axes.get(order=0).title_fr is None
    assert (
        PracticeItem.objects.filter(practice=draft, text_fr__isnull=False).count() == 0
    )
    draft.refresh_from_db()
    assert draft.resources_note_fr is None
    assert draft.resources_note == "Two offices."


def test_two_axes_may_not_share_a_translated_title(author_client, draft):
    data = {**FRENCH, "parts-axes-1-title": "Pôles créatifs"}
    response = author_client.post(translation_url(draft), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assertContains(
        response,
        "Each action axis needs its own title.",
        status_code=HTTPStatus.BAD_REQUEST,
    )
    assert not ActionAxis.objects.filter(title_fr__isnull=False).exists()


def test_an_overlong_role_is_refused_and_nothing_is_saved(author_client, draft):
    data = {**FRENCH, "parts-partnerships-0-role": "x" * 251}
    response = author_client.post(translation_url(draft), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    # What was typed is kept, the error said beside the field.
    assertContains(response, "x" * 251, status_code=HTTPStatus.BAD_REQUEST)
    assertContains(
        response,
        'aria-describedby="id_parts-partnerships-0-role-original'
        ' id_parts-partnerships-0-role_error"',
        status_code=HTTPStatus.BAD_REQUEST,
    )
    draft.refresh_from_db()
    assert draft.title_fr is None


def test_a_published_practices_part_translation_waits_for_the_expert(
    client, author, expert, published, committed
):
    client.force_login(author)
    with committed():
        response = client.post(translation_url(published), FRENCH)
    assert response.status_code == HTTPStatus.FOUND
    assert published.axes.get(order=0).title_fr is None
    waiting = french_page(published)
    assertContains(waiting, '<h3 lang="en">Creative hubs</h3>')
    assertNotContains(waiting, "Pôles créatifs")
    # The author sees the proposed translation when coming back.
    assertContains(client.get(translation_url(published)), 'value="Pôles créatifs"')
    proposal = published.revisions.open().get()
    assert proposal.snapshot["axes"][0]["title_fr"] == "Pôles créatifs"
    assert "title_fr" not in proposal.snapshot["axes"][1]

    client.force_login(expert)
    review = client.get(reverse("publishing:review", args=[published.pk]))
    assertContains(review, "&quot;title_fr&quot;: &quot;Pôles créatifs&quot;")
    with committed():
        response = client.post(
            reverse("publishing:review", args=[published.pk]),
            {"publish-text": "A model for others.", "publish": "1"},
        )
    assert response.status_code == HTTPStatus.FOUND
    assert_french_parts_shown(french_page(published))
    english = Client().get(f"/practices/{published.slug}/")
    assertContains(english, "<h3>Creative hubs</h3>")
    assertContains(english, '<span class="partner-list__role">Runs the hubs</span>')


def test_search_finds_a_word_only_in_a_parts_translation(client, published, committed):
    PracticeFactory(title="Another practice")
    response = client.get("/practices/", {"q": "pépinière"})
    assert list(response.context["practice_list"]) == []
    proposal_and_publish(published, FRENCH, committed)
    for prefix in ("", "/fr"):
        response = client.get(f"{prefix}/practices/", {"q": "pépinière"})
        assert [p.pk for p in response.context["practice_list"]] == [published.pk]
    # The original's words still find it.
    response = client.get("/practices/", {"q": "makers"})
    assert [p.pk for p in response.context["practice_list"]] == [published.pk]


def proposal_and_publish(practice, data, committed):
    """The author proposes ``data`` on the translation page; staff publish it."""
    author = Client()
    author.force_login(practice.author)
    with committed():
        assert author.post(translation_url(practice), data).status_code == 302
    staff = Client()
    staff.force_login(UserFactory(verified=True, is_staff=True))
    with committed():
        response = staff.post(reverse("publishing:proposal-minor", args=[practice.pk]))
    assert response.status_code == HTTPStatus.FOUND
    practice.refresh_from_db()


def test_the_api_lists_both_texts_of_the_parts(client, published, committed):
    proposal_and_publish(published, FRENCH, committed)
    data = client.get(reverse("opendata:api-detail", args=[published.slug])).json()
    # The main fields give the original.
    assert data["action_axes"][0] == {
        "title": "Creative hubs",
        "description": "Spaces for makers.",
    }
    assert data["partners"][0]["role"] == "Runs the hubs"
    assert data["resources_note"] == "Two offices."
    assert data["evidence"] == ["Jobs created."]
    french = data["translations"]["fr"]
    assert french["action_axes"] == [
        {"title": "Pôles créatifs", "description": "Des lieux pour les artisans."},
        {"title": "", "description": ""},
    ]
    assert french["partner_roles"] == ["Anime les pôles"]
    assert french["resources_note"] == "Deux bureaux."
    assert french["evidence"] == ["Une pépinière a ouvert ses portes."]
    assert french["difficulties"] == [{"text": "", "solution": ""}]
    english = data["translations"]["en"]
    assert english["action_axes"][1] == {"title": "Vouchers", "description": ""}
    assert english["difficulties"] == [
        {"text": "A slow start.", "solution": "A second call."}
    ]


def test_a_restore_brings_back_the_parts_translation(
    client, published, staff, committed
):
    proposal_and_publish(published, FRENCH, committed)
    before, translated = PracticeRevision.objects.filter(
        state=PracticeRevision.State.PUBLISHED
    ).order_by("decided_at", "pk")
    client.force_login(staff)
    with committed():
        client.post(reverse("publishing:restore", args=[before.pk]))
    assert not ActionAxis.objects.filter(title_fr__isnull=False).exists()
    assertContains(french_page(published), '<h3 lang="en">Creative hubs</h3>')
    with committed():
        client.post(reverse("publishing:restore", args=[translated.pk]))
    assert_french_parts_shown(french_page(published))
    published.refresh_from_db()
    assert published.resources_note_fr == "Deux bureaux."


def test_the_wizard_edits_the_original_and_keeps_the_translation(author_client, draft):
    """A French interface edits an English axis's English column, not the French."""
    author_client.post(translation_url(draft), FRENCH)
    first, second = draft.axes.order_by("order")
    url = reverse("publishing:step", kwargs={"pk": draft.pk, "number": 5})
    response = author_client.post(
        f"/fr{url}",
        {
            "axes-TOTAL_FORMS": "2",
            "axes-INITIAL_FORMS": "2",
            "axes-MIN_NUM_FORMS": "0",
            "axes-MAX_NUM_FORMS": "1000",
            "axes-0-id": first.pk,
            "axes-0-title": "Creative hubs, revised",
            "axes-0-description": "Spaces for makers.",
            "axes-0-order": "0",
            "axes-1-id": second.pk,
            "axes-1-title": "Vouchers",
            "axes-1-description": "",
            "axes-1-order": "1",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    first.refresh_from_db()
    assert first.title_en == "Creative hubs, revised"
    assert first.title_fr == "Pôles créatifs"
    # The wizard shows the original, not the translation, in French too.
    page = author_client.get(f"/fr{url}")
    assertContains(page, 'value="Creative hubs, revised"')
    assertNotContains(page, 'value="Pôles créatifs"')


def test_a_published_practices_axes_edit_keeps_their_translation(
    author_client, published, committed
):
    proposal_and_publish(published, FRENCH, committed)
    first, second = published.axes.order_by("order")
    url = reverse("publishing:step", kwargs={"pk": published.pk, "number": 5})
    response = author_client.post(
        f"/fr{url}",
        {
            "axes-TOTAL_FORMS": "2",
            "axes-INITIAL_FORMS": "0",
            "axes-MIN_NUM_FORMS": "0",
            "axes-MAX_NUM_FORMS": "1000",
            "axes-0-title": "Creative hubs",
            "axes-0-description": "Spaces for makers, revised.",
            "axes-0-order": "0",
            "axes-1-title": "Vouchers",
            "axes-1-description": "",
            "axes-1-order": "1",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()
    axes = published.revisions.open().get().snapshot["axes"]
    assert axes[0] == {
        "title": "Creative hubs",
        "description": "Spaces for makers, revised.",
        "order": 0,
        "title_fr": "Pôles créatifs",
        "description_fr": "Des lieux pour les artisans.",
    }


def test_correcting_the_language_relabels_the_parts(author_client, draft, topic):
    """The author says the text is French: the parts' words move to French too."""
    response = author_client.post(
        reverse("publishing:step", args=[draft.pk, 1]),
        {
            "practice-language": "fr",
            "practice-title": "Quartier créatif",
            "practice-summary": "Un quartier.",
            "practice-description": "Ce qui a été fait.",
            "practice-topics": [topic.pk],
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    axis = draft.axes.get(order=0)
    assert (axis.title_fr, axis.title_en) == ("Creative hubs", None)
    draft.refresh_from_db()
    assert (draft.resources_note_fr, draft.resources_note_en) == ("Two offices.", None)
    assert draft.partnerships.get().role_fr == "Runs the hubs"


def test_the_french_page_of_a_translated_practice_costs_no_more_queries(
    client, published, committed, django_assert_max_num_queries
):
    proposal_and_publish(published, FRENCH, committed)
    with django_assert_max_num_queries(8):
        response = client.get(f"/fr/practices/{published.slug}/")
    assert_french_parts_shown(response)


def test_the_labels_are_in_the_readers_language_with_its_colon(client):
    """The form is made in the translation's language; its labels are not."""
    author = UserFactory(verified=True)
    practice = PracticeFactory(author=author, status="draft", language="en")
    client.force_login(author)
    page = client.get(reverse("publishing:translation", args=[practice.pk]))
    assert page.status_code == 200
    assert b"Title:</label>" in page.content
    assert b"Title :</label>" not in page.content
