from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.constants import WECD_URL

pytestmark = pytest.mark.django_db


def test_privacy_page_states_what_is_kept_and_for_how_long(client, settings):
    settings.RETENTION_DAYS = {"messages": 180, "logs": 14}
    response = client.get(reverse("pages:privacy"))
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Kept for 180 days after delivery")
    assertContains(response, "14 days.")
    assertContains(response, "no tracking cookie")


def test_accessibility_statement(client):
    response = client.get(reverse("pages:accessibility"))
    assertContains(response, "WCAG")


def test_language_switch_links_the_same_page(client, demo):
    response = client.get(WECD_URL + "?page=1")
    assertContains(
        response, f'<a href="/fr{WECD_URL}?page=1" hreflang="fr" lang="fr">Français</a>'
    )
    french = client.get(f"/fr{WECD_URL}")
    assertContains(french, '<html lang="fr">')
    assertContains(french, f'<a href="{WECD_URL}" hreflang="en" lang="en">English</a>')


def test_set_language_form_still_keeps_the_page(client, demo):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": WECD_URL})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"/fr{WECD_URL}"


def test_every_page_links_its_language_versions(client, demo):
    response = client.get(WECD_URL)
    assertContains(
        response,
        f'<link rel="alternate" hreflang="fr" href="http://testserver/fr{WECD_URL}">',
    )
    assertContains(
        response,
        f'<link rel="alternate" hreflang="en" href="http://testserver{WECD_URL}">',
    )
    assertContains(response, 'hreflang="x-default"')
