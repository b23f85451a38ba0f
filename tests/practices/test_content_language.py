"""The language of content: lang attributes, translations, search, API, topics."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from practices.models import Practice, Topic
from tests.factories import (
    ActionAxisFactory,
    PracticeFactory,
    PracticeItemFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

WECD_SLUG = "wallonia-european-creative-district"


def french(practice):
    return f"/fr/practices/{practice.slug}/"


def english_url(practice):
    return f"/practices/{practice.slug}/"


def translate(practice, **text):
    """Add the author's French translation the way the wizard saves it."""
    for name, value in text.items():
        setattr(practice, f"{name}_fr", value)
    # Committed, as the wizard's own transaction is: caches follow the commit.
    with TestCase.captureOnCommitCallbacks(execute=True):
        practice.save()
        Practice.objects.filter(pk=practice.pk).refresh_search_after_commit()
    return practice


def publish_proposal(practice):
    """Publish the practice's proposed edit, as staff do for a correction."""
    from publishing.services import revision_apply

    staff = UserFactory(verified=True, is_staff=True)
    with TestCase.captureOnCommitCallbacks(execute=True):
        revision_apply(revision=practice.revisions.open().get(), by=staff, minor=True)
    practice.refresh_from_db()


@pytest.fixture
def english():
    practice = PracticeFactory(
        title="Creative district",
        summary="A district for creative businesses.",
        description="What Wallonia did.",
    )
    ActionAxisFactory(practice=practice, title="Creative hubs")
    PracticeItemFactory(practice=practice, section="evidence", text="Jobs created.")
    return practice


def test_demo_practice_is_english(demo):
    assert Practice.objects.get(slug=WECD_SLUG).language == "en"
    assert Topic.objects.get(slug="access-to-finance").name_fr == (
        "Accès au financement"
    )


def test_french_page_marks_english_text_with_its_language(client, english):
    response = client.get(french(english))
    assertContains(response, '<html lang="fr">')
    assertContains(response, '<h1 id="practice-title" lang="en">Creative district</h1>')
    assertContains(
        response, '<p class="lead practice__summary" lang="en">A district for creative'
    )
    assertContains(response, '<div lang="en"><p>What Wallonia did.</p></div>')
    assertContains(response, '<h3 lang="en">Creative hubs</h3>')
    assertContains(response, '<li lang="en">Jobs created.</li>')
    assertContains(response, "Cette pratique n’est disponible qu’en anglais.")


def test_english_page_of_an_english_practice_needs_no_lang(client, english):
    response = client.get(english_url(english))
    assertContains(response, '<h1 id="practice-title">Creative district</h1>')
    assertContains(response, "<h3>Creative hubs</h3>")
    assertContains(response, "<li>Jobs created.</li>")
    assertContains(response, "<div><p>What Wallonia did.</p></div>")
    assertNotContains(response, "available in English only")


def test_english_page_of_a_french_practice_says_so(client):
    practice = PracticeFactory(language="fr")
    Practice.objects.filter(pk=practice.pk).update(
        title_en=None, title_fr="Quartier créatif", summary_fr="Un quartier."
    )
    response = client.get(english_url(practice))
    assertContains(response, '<h1 id="practice-title" lang="fr">Quartier créatif</h1>')
    assertContains(response, "This practice is available in French only.")


def test_translated_practice_is_shown_in_french_with_a_link_to_the_original(
    client, english
):
    translate(
        english,
        title="Quartier créatif",
        summary="Un quartier pour les entreprises créatives.",
        description="Ce que la Wallonie a fait.",
    )
    response = client.get(french(english))
    # The translation is in the page's language: no lang attribute on it.
    assertContains(response, '<h1 id="practice-title">Quartier créatif</h1>')
    assertContains(response, "Ce que la Wallonie a fait.")
    assertNotContains(response, "What Wallonia did.")
    assertContains(response, "Traduite de l’anglais par son auteur.")
    assertContains(
        response,
        f'<a href="{english_url(english)}" hreflang="en">Lire l’original (anglais)</a>',
    )
    assertNotContains(response, "disponible qu’en anglais")
    # The parts have no translation: still marked as English.
    assertContains(response, '<h3 lang="en">Creative hubs</h3>')
    # English readers keep the original.
    english_page = client.get(english_url(english))
    assertContains(english_page, '<h1 id="practice-title">Creative district</h1>')


def test_json_ld_names_the_language_of_the_text(client, english):
    response = client.get(french(english))
    assertContains(response, '"inLanguage": "en"')
    translate(english, title="Quartier créatif", summary="Un.", description="Deux.")
    assertContains(client.get(french(english)), '"inLanguage": "fr"')


@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_search_finds_a_word_only_present_in_the_translation(client, prefix):
    practice = PracticeFactory(title="Creative district")
    PracticeFactory(title="Another practice")
    translate(
        practice,
        title="Quartier créatif",
        summary="Un quartier.",
        description="Une pépinière d’entreprises.",
    )
    response = client.get(f"{prefix}/practices/", {"q": "pépinière"})
    results = [p.pk for p in response.context["practice_list"]]
    assert results == [practice.pk]
    # And the original's words still find it.
    response = client.get(f"{prefix}/practices/", {"q": "district"})
    assert [p.pk for p in response.context["practice_list"]] == [practice.pk]


def test_api_lists_the_languages_and_gives_both_texts(client, english):
    response = client.get(reverse("opendata:api-detail", args=[english.slug]))
    data = response.json()
    assert data["language"] == "en"
    assert data["languages"] == ["en"]
    translate(english, title="Quartier créatif", summary="Un.", description="Deux.")
    data = client.get(reverse("opendata:api-detail", args=[english.slug])).json()
    assert data["languages"] == ["en", "fr"]
    assert data["translations"]["en"]["title"] == "Creative district"
    french_text = data["translations"]["fr"]
    assert {key: french_text[key] for key in ("title", "summary", "description")} == {
        "title": "Quartier créatif",
        "summary": "Un.",
        "description": "Deux.",
    }
    # The parts have no translation yet: empty, in the main fields' order.
    assert french_text["action_axes"] == [{"title": "", "description": ""}]
    assert french_text["evidence"] == [""]
    listed = client.get(reverse("opendata:api-list")).json()["results"]
    assert listed[0]["languages"] == ["en", "fr"]
    # One URL for every language: the main fields give the original.
    assert data["title"] == "Creative district"


def test_topic_names_are_in_the_readers_language(client, english):
    topic = TopicFactory(name="Access to finance", name_fr="Accès au financement")
    untranslated = TopicFactory(name="Only English")
    english.topics.add(topic, untranslated)
    page = client.get(french(english))
    assertContains(page, "Accès au financement")
    assertContains(page, "Only English")
    listing = client.get("/fr/practices/")
    assertContains(listing, "Accès au financement")
    assertNotContains(listing, "Access to finance")
    assertContains(client.get("/practices/"), "Access to finance")
    data = client.get(reverse("opendata:api-detail", args=[english.slug])).json()
    assert data["topic_names"][topic.slug] == {
        "en": "Access to finance",
        "fr": "Accès au financement",
    }


def test_french_page_shows_demo_topics_in_french(client, demo):
    response = client.get(f"/fr/practices/{WECD_SLUG}/")
    assertContains(response, "Industries culturelles et créatives")
    assertContains(response, "Cette pratique n’est disponible qu’en anglais.")


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the same test runs on PostgreSQL below"
)
def test_translation_edit_refreshes_the_cached_french_page(client, english):
    assertContains(client.get(french(english)), "Creative district")
    translate(english, title="Quartier créatif", summary="Un.", description="Deux.")
    assertContains(client.get(french(english)), "Quartier créatif")


# --- The author's translation page ---------------------------------------------


@pytest.fixture
def author_client(client, english):
    english.author = UserFactory(verified=True)
    english.save()
    client.force_login(english.author)
    return client


def translation_url(practice):
    return reverse("publishing:translation", args=[practice.pk])


def test_author_adds_a_translation_and_bad_input_is_kept(
    author_client, english, committed
):
    page = author_client.get(translation_url(english))
    assertContains(page, 'lang="fr"')
    response = author_client.post(
        translation_url(english),
        {
            "practice-title": "",
            "practice-summary": "Résumé gardé",
            "practice-description": "",
        },
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assertContains(response, "Résumé gardé", status_code=HTTPStatus.BAD_REQUEST)
    assertContains(response, "<title>Error:", status_code=HTTPStatus.BAD_REQUEST)
    english.refresh_from_db()
    assert english.title_fr is None
    with committed():
        response = author_client.post(
            translation_url(english),
            {
                "practice-title": "Quartier créatif",
                "practice-summary": "Un quartier.",
                "practice-description": "Une pépinière.",
            },
        )
    assert response.status_code == HTTPStatus.FOUND
    english.refresh_from_db()
    # A published practice's translation waits for review like any edit.
    assert english.title_fr is None
    publish_proposal(english)
    assert english.title_fr == "Quartier créatif"
    # The original is untouched, in its own column and in the library's own.
    assert english.title_en == "Creative district"
    assert Practice.objects.filter(pk=english.pk).values_list("title", flat=True)[
        0
    ] == ("Creative district")
    assert english.languages == ["en", "fr"]
    author_client.logout()
    assertContains(author_client.get(french(english)), "Quartier créatif")
    response = author_client.get("/practices/", {"q": "pépinière"})
    assert [p.pk for p in response.context["practice_list"]] == [english.pk]


def test_the_translation_form_refuses_an_overlong_title(author_client, english):
    response = author_client.post(
        translation_url(english),
        {
            "practice-title": "x" * 201,
            "practice-summary": "Un.",
            "practice-description": "Deux.",
        },
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    english.refresh_from_db()
    assert english.title_fr is None


def test_author_removes_the_translation(author_client, english):
    translate(english, title="Quartier créatif", summary="Un.", description="Deux.")
    response = author_client.post(translation_url(english), {"remove": "1"})
    assert response.status_code == HTTPStatus.FOUND
    english.refresh_from_db()
    assert english.languages == ["en", "fr"]
    publish_proposal(english)
    assert english.languages == ["en"]


def test_wizard_writes_the_original_whatever_the_interface(author_client, english):
    """A French interface edits an English practice's English columns."""
    topic = TopicFactory()
    response = author_client.post(
        f"/fr{reverse('publishing:step', args=[english.pk, 1])}",
        {
            "practice-language": "en",
            "practice-title": "Creative district, revised",
            "practice-summary": "A district.",
            "practice-description": "What was done.",
            "practice-topics": [topic.pk],
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    publish_proposal(english)
    assert english.title_en == "Creative district, revised"
    assert english.title_fr is None


def test_new_practice_takes_the_authors_language(client, english):
    author = UserFactory(verified=True, language="fr")
    client.force_login(author)
    topic = TopicFactory()
    response = client.post(
        reverse("publishing:new"),
        {
            "practice-title": "Quartier créatif",
            "practice-summary": "Un quartier.",
            "practice-description": "Ce qui a été fait.",
            "practice-topics": [topic.pk],
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    practice = Practice.objects.get(author=author)
    assert practice.language == "fr"
    assert practice.title_fr == "Quartier créatif"
    assert practice.title_en is None


def test_an_author_corrects_the_language_of_the_text(author_client, english):
    topic = TopicFactory()
    author_client.post(
        reverse("publishing:step", args=[english.pk, 1]),
        {
            "practice-language": "fr",
            "practice-title": "Quartier créatif",
            "practice-summary": "Un quartier.",
            "practice-description": "Ce qui a été fait.",
            "practice-topics": [topic.pk],
        },
    )
    publish_proposal(english)
    assert english.language == "fr"
    assert english.title_fr == "Quartier créatif"
    assert english.title_en is None
    assert english.languages == ["fr"]


def test_staff_edit_both_languages_in_the_admin(client, english):
    client.force_login(UserFactory(verified=True, is_staff=True, is_superuser=True))
    topic = TopicFactory(name="Access to finance", name_fr="Accès au financement")
    page = client.get(reverse("admin:practices_practice_change", args=[english.pk]))
    assertContains(page, 'name="title_fr"')
    assertContains(page, 'name="language"')
    page = client.get(reverse("admin:practices_topic_change", args=[topic.pk]))
    assertContains(page, 'value="Accès au financement"')
