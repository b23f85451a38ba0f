"""Every interface string is translated into French; CI checks the .po is fresh."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pytest_django.asserts import assertContains

from tests.constants import WECD_URL

PO_FILE = Path(__file__).resolve().parents[1] / "locale/fr/LC_MESSAGES/django.po"


def test_no_french_string_is_left_untranslated_or_fuzzy():
    with PO_FILE.open("rb") as file:
        catalog = read_po(file, locale="fr")
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not (
                all(message.string)
                if isinstance(message.string, tuple)
                else message.string
            )
        )
    ]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:10]}"


@pytest.mark.django_db
def test_the_practice_page_speaks_french(client, demo):
    response = client.get("/fr" + WECD_URL)
    assertContains(response, "Aller au contenu principal")
    assertContains(response, "Preuves de réussite")
    assertContains(response, "Les 4 axes d’action")
    assertContains(response, "1\u202f000\u202f000\xa0€ sur 30 mois")
    assertContains(response, "2 personnes suivent cette pratique.")
