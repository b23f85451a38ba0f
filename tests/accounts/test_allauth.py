"""allauth's pages in the portal's look, its limits, and where a login leads."""

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.constants import WECD_URL
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"

ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]
SIGNED_IN_PAGES = [
    "account_logout",
    "account_change_password",
    "account_email",
]


def assert_portal_layout(response):
    status = response.status_code
    assertContains(response, 'href="#main-content"', status_code=status)
    assertContains(response, "Good Practice Portal", status_code=status)
    assertContains(response, 'class="site-footer', status_code=status)
    # allauth's own layout has a "Menu:" list and unstyled forms; none of it here.
    assertNotContains(response, "Menu:", status_code=status)
    assertNotContains(response, "<strong>Messages:</strong>", status_code=status)


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_entrance_pages_use_the_portal_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == HTTPStatus.OK
    assert_portal_layout(response)


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_account_pages_use_the_portal_layout_with_the_account_menu(client, name):
    client.force_login(UserFactory(verified=True))
    response = client.get(reverse(name))
    assert response.status_code == HTTPStatus.OK
    assert_portal_layout(response)
    assertContains(response, 'class="account-nav"')


def test_reauthentication_uses_the_portal_layout(client):
    client.force_login(UserFactory(verified=True))
    response = client.get(reverse("account_reauthenticate"))
    assert response.status_code == HTTPStatus.OK
    assert_portal_layout(response)


def test_logout_is_a_form_post(client):
    client.force_login(UserFactory(verified=True))
    response = client.get(reverse("account_logout"))
    assertContains(response, 'method="post"')
    assert client.get(reverse("accounts:profile")).status_code == HTTPStatus.OK
    client.post(reverse("account_logout"))
    assert client.get(reverse("accounts:profile")).status_code == HTTPStatus.FOUND


def test_bad_links_render_in_the_portal_layout(client):
    response = client.get(reverse("account_confirm_email", args=["bad-key"]))
    assert_portal_layout(response)
    response = client.get(
        reverse("account_reset_password_from_key", args=["zz", "bad"])
    )
    assert_portal_layout(response)
    assertContains(response, reverse("account_reset_password"))


def test_every_input_has_a_label_and_errors_are_announced(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-address", "password1": "a", "password2": "b"},
    )
    assert response.status_code == HTTPStatus.OK
    assertContains(response, 'role="alert"')
    for field in ("email", "password1", "password2"):
        assertContains(response, f'<label for="id_{field}">')
    assertContains(response, 'aria-invalid="true"')
    assertContains(response, 'aria-describedby="id_email_error')
    # What the user typed is kept.
    assertContains(response, 'value="not-an-address"')


def test_the_verification_mail_is_sent_and_the_page_says_so(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    assert_portal_layout(response)
    assert len(mail.outbox) == 1
    assert "new@example.org" in mail.outbox[0].to


def test_sign_up_answers_the_same_for_a_known_address(client):
    known = UserFactory(verified=True)
    answers = []
    for email in (known.email, "unknown@example.org"):
        client.cookies.clear()
        response = client.post(
            reverse("account_signup"),
            {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        )
        answers.append((response.status_code, response["Location"]))
    assert answers[0] == answers[1]
    assert answers[0][1] == reverse("account_email_verification_sent")


def test_password_reset_answers_the_same_for_a_known_address(client):
    known = UserFactory(verified=True)
    answers = []
    for email in (known.email, "unknown@example.org"):
        response = client.post(reverse("account_reset_password"), {"email": email})
        answers.append((response.status_code, response["Location"]))
    assert answers[0] == answers[1]
    assert answers[0] == (HTTPStatus.FOUND, reverse("account_reset_password_done"))


def test_repeated_failed_logins_lock_the_address_for_a_while(client):
    user = UserFactory(verified=True)
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": "wrong"}
        )
        assertNotContains(response, "Too many failed login attempts")
    # Even the right password is refused now: guessing cannot go on. The answer
    # is the portal's 429 page, with the address typed kept in a login form.
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert_portal_layout(response)
    assertContains(response, "Too many requests", status_code=429)
    assertContains(response, "Too many failed login attempts", status_code=429)
    assertContains(response, f'value="{user.email}"', status_code=429)
    assertNotContains(response, PASSWORD, status_code=429)
    assert client.get(reverse("accounts:profile")).status_code == HTTPStatus.FOUND


def test_the_lockout_is_a_429_in_french_too(client):
    user = UserFactory(verified=True)
    url = "/fr" + reverse("account_login")
    for _ in range(5):
        client.post(url, {"login": user.email, "password": "wrong"})
    response = client.post(url, {"login": user.email, "password": "wrong"})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assertContains(response, 'lang="fr"', status_code=429)


@pytest.mark.parametrize("known", [True, False])
def test_repeated_resets_get_the_portal_429_page(client, known):
    email = UserFactory(verified=True).email if known else "unknown@example.org"
    statuses = [
        client.post(reverse("account_reset_password"), {"email": email}).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [HTTPStatus.FOUND] * 5
    assert statuses[5] == HTTPStatus.TOO_MANY_REQUESTS
    response = client.post(reverse("account_reset_password"), {"email": email})
    assert_portal_layout(response)
    assertContains(response, "Too many requests", status_code=429)


@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_logging_in_from_a_gated_section_lands_on_it(client, demo, prefix):
    user = UserFactory(verified=True)
    practice_url = f"{prefix}{WECD_URL}"
    login_url = f"{prefix}{reverse('account_login')}"
    page = client.get(practice_url)
    assertContains(page, f"{login_url}?next={practice_url}%23expert-opinion")

    form = client.get(f"{login_url}?next={practice_url}%23expert-opinion")
    assertContains(form, f'value="{practice_url}#expert-opinion"')
    response = client.post(
        login_url,
        {
            "login": user.email,
            "password": PASSWORD,
            "next": f"{practice_url}#expert-opinion",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{practice_url}#expert-opinion"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/phish", "//evil.example/phish", "http:evil.example"],
)
def test_a_next_url_off_the_portal_is_not_followed(client, next_url):
    user = UserFactory(verified=True)
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")


def link_in(message):
    """Return the path of the portal link an e-mail carries."""
    url = re.search(r"https?://testserver(/\S+)", message.body).group(1)
    return url


def test_the_whole_reset_flow_stays_in_the_portal_layout(client):
    user = UserFactory(verified=True)
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    response = client.get(link_in(mail.outbox[0]), follow=True)
    assert_portal_layout(response)
    assertContains(response, '<label for="id_password1">')
    new_password = "a-brand-new-passphrase"
    # allauth moves the key from the URL into the session before showing the form.
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"password1": new_password, "password2": new_password},
        follow=True,
    )
    assert_portal_layout(response)
    assert response.redirect_chain[-1][0] == reverse(
        "account_reset_password_from_key_done"
    )
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_the_verification_link_confirms_the_address_in_the_portal_layout(client):
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    confirm_url = link_in(mail.outbox[0])
    response = client.get(confirm_url)
    assert_portal_layout(response)
    assertContains(response, 'method="post"')
    client.post(confirm_url)
    assert EmailAddress.objects.get(email="new@example.org").verified
