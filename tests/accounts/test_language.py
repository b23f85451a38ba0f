"""The language of the e-mails a member gets."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("/fr", "fr")])
def test_a_new_member_gets_e_mails_in_the_language_they_signed_up_in(
    client, prefix, language
):
    response = client.post(
        f"{prefix}/accounts/signup/",
        {
            "email": "new.member@example.org",
            "display_name": "New Member",
            "password1": "a-long-enough-passphrase-2026",
            "password2": "a-long-enough-passphrase-2026",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="new.member@example.org").language == language


def test_a_member_chooses_another_language_in_their_profile(client, user):
    client.force_login(user)
    url = reverse("accounts:profile")
    assertContains(client.get(url), 'name="language"')
    data = {"display_name": user.display_name, "language": "fr"}
    assert client.post(url, data).status_code == 302
    user.refresh_from_db()
    assert user.language == "fr"


def test_an_unknown_language_is_refused_and_the_input_kept(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Kept Name", "language": "xx"},
    )
    assert response.status_code == 400
    assertContains(response, "Kept Name", status_code=400)
    user.refresh_from_db()
    assert user.language == "en"
