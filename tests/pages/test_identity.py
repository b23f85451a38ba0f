"""One identity: the portal's name from settings, who runs it, one vocabulary and
one date style per language, and errors the GOV.UK way."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from messaging.models import Message
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "name"),
    [("/privacy/", "Good Practice Portal"), ("/fr/privacy/", "Portail des bonnes")],
)
def test_the_portal_has_one_name_per_language(client, url, name):
    response = client.get(url)
    content = response.content.decode()
    assert re.search(rf"<title>[^<]* · {name}[^<]*</title>", content)
    assert "WECD portal" not in content and "Portail WECD" not in content
    assertContains(response, f"<span>{name}", count=1)


def test_the_portal_name_comes_from_settings(client, settings):
    settings.PORTAL_NAME = {"en": "Policy Atlas", "fr": "Atlas des politiques"}
    assertContains(client.get("/accessibility/"), "· Policy Atlas</title>")
    assertContains(client.get("/fr/accessibility/"), "· Atlas des politiques</title>")


def test_the_footer_names_who_runs_the_portal(client, settings):
    response = client.get("/privacy/")
    for value in [
        settings.PORTAL_PUBLISHER,
        f"mailto:{settings.PORTAL_CONTACT_EMAIL}",
        f"mailto:{settings.PORTAL_ACCESSIBILITY_EMAIL}",
        settings.PORTAL_DATA_CONTROLLER,
    ]:
        assertContains(response, value)
    assertContains(response, "Data controller")


def test_allauth_pages_use_the_portal_words(client):
    login = client.get(reverse("account_login"))
    assertContains(login, "<title>Log in ·")
    assertNotContains(login, "Sign In")
    signup = client.get(reverse("account_signup"))
    assertContains(signup, "<title>Sign up ·")
    assertNotContains(signup, "Sign Up")
    french = client.get("/fr/accounts/login/")
    assertContains(french, "<title>Se connecter ·")
    assertContains(client.get("/fr/accounts/signup/"), "Créer un compte")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1 November 2026"), ("fr", "1 novembre 2026")],
)
def test_one_date_style_per_language(language, expected):
    from django.template import Context, Template

    with translation.override(language):
        rendered = Template('{{ day|date:"DATE_FORMAT" }}').render(
            Context({"day": datetime.date(2026, 11, 1)})
        )
    assert rendered == expected


def test_e_mails_carry_the_portal_name_in_the_recipient_language():
    author = UserFactory(language="fr")
    practice = PracticeFactory(author=author)
    message = Message.objects.create(
        practice=practice,
        sender=UserFactory(),
        recipient=author,
        sender_name="A reader",
        sender_email="reader@example.org",
        subject="Hello",
        body="A question.",
    )
    email = message.as_email()
    assert email.subject == "[Portail des bonnes pratiques] Hello"
    assert "sur le Portail des bonnes pratiques" in email.body


def test_allauth_e_mails_carry_the_portal_name(client, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "x@example.org"})
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-pass-phrase-2026",
            "password2": "a-long-pass-phrase-2026",
        },
    )
    assert mail.outbox
    for email in mail.outbox:
        assert email.subject.startswith("[Good Practice Portal] ")
        assert "testserver!" not in email.body


def test_errors_are_summarised_and_linked_to_their_fields(client):
    client.force_login(UserFactory(verified=True))
    practice = PracticeFactory()
    response = client.post(
        reverse("messaging:contact", args=[practice.slug]), {"body": ""}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    content = response.content.decode()
    assert re.search(r"<title>Error: ", content)
    assertContains(response, "There is a problem", status_code=400)
    assertContains(
        response, '<a href="#id_subject">Enter a subject</a>', status_code=400
    )
    assertContains(
        response, '<a href="#id_body">Enter your message</a>', status_code=400
    )
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_subject"', content)
    assert 'aria-describedby="id_subject_helptext id_subject_error"' in content
    assertNotContains(response, "This field is required", status_code=400)


def test_the_end_date_must_come_after_the_start(client):
    from publishing.forms import InstitutionForm

    form = InstitutionForm(
        data={"country": "BE", "start_date": "2016-01", "end_date": "2015-12"},
        prefix=None,
    )
    assert not form.is_valid()
    assert form.errors["end_date"] == ["The end date must be after the start date"]
