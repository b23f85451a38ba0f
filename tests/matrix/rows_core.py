"""Matrix rows for the foundation's URLs, allauth's, the admin's and accounts'."""

from django.urls import reverse

from tests.constants import ROLES, SIGNED_IN_ROLES
from tests.matrix import Row


def everyone(status, **kwargs):
    """Return the per-role statuses of a URL that answers everyone alike."""
    return dict.fromkeys(ROLES, status) | kwargs


def signed_in_only(status=200, **kwargs):
    return {"anonymous": 302, **dict.fromkeys(SIGNED_IN_ROLES, status)} | kwargs


def anonymous_only(status=200, **kwargs):
    return {"anonymous": status, **dict.fromkeys(SIGNED_IN_ROLES, 302)} | kwargs


ROWS = [
    Row("home", lambda w: reverse("home"), **everyone(200)),
    Row("practices:list", lambda w: reverse("practices:list"), **everyone(200)),
    Row(
        "practices:detail",
        lambda w: w.practice.get_absolute_url(),
        **everyone(200),
        shows_gated=SIGNED_IN_ROLES,
    ),
    Row(
        "practices:detail",
        lambda w: w.draft.get_absolute_url(),
        **everyone(404),
    ),
    Row("pages:privacy", lambda w: reverse("pages:privacy"), **everyone(200)),
    Row(
        "pages:accessibility", lambda w: reverse("pages:accessibility"), **everyone(200)
    ),
    Row(
        "set_language",
        lambda w: reverse("set_language"),
        method="POST",
        data=lambda w: {"language": "fr", "next": "/"},
        **everyone(302),
    ),
    # The admin: staff only; its other pages share this gate.
    Row("admin:index", lambda w: reverse("admin:index"), **everyone(302, staff=200)),
    # allauth.
    Row("account_login", lambda w: reverse("account_login"), **anonymous_only()),
    Row(
        "account_login",
        lambda w: reverse("account_login"),
        method="POST",
        data=lambda w: {"login": "nobody@example.org", "password": "wrong"},
        **anonymous_only(),
    ),
    Row("account_signup", lambda w: reverse("account_signup"), **anonymous_only()),
    Row(
        "account_logout",
        lambda w: reverse("account_logout"),
        **everyone(200, anonymous=302),
    ),
    Row(
        "account_logout",
        lambda w: reverse("account_logout"),
        method="POST",
        **everyone(302),
    ),
    Row(
        "account_reset_password",
        lambda w: reverse("account_reset_password"),
        **everyone(200),
    ),
    Row(
        "account_reset_password_done",
        lambda w: reverse("account_reset_password_done"),
        **everyone(200),
    ),
    Row(
        "account_reset_password_from_key",
        lambda w: reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad"}
        ),
        **everyone(200),
    ),
    Row(
        "account_reset_password_from_key_done",
        lambda w: reverse("account_reset_password_from_key_done"),
        **everyone(200),
    ),
    Row(
        "account_change_password",
        lambda w: reverse("account_change_password"),
        **signed_in_only(),
    ),
    Row(
        "account_set_password",
        lambda w: reverse("account_set_password"),
        **signed_in_only(302),
    ),
    Row("account_email", lambda w: reverse("account_email"), **signed_in_only()),
    Row(
        "account_email_verification_sent",
        lambda w: reverse("account_email_verification_sent"),
        **everyone(200),
    ),
    Row(
        "account_confirm_email",
        lambda w: reverse("account_confirm_email", kwargs={"key": "bad-key"}),
        **everyone(200),
    ),
    Row("account_inactive", lambda w: reverse("account_inactive"), **everyone(200)),
    Row(
        "account_reauthenticate",
        lambda w: reverse("account_reauthenticate"),
        **signed_in_only(),
    ),
    Row(
        "account_confirm_login_code",
        lambda w: reverse("account_confirm_login_code"),
        **everyone(302),
    ),
]

# Accounts: a person's own profile and data, for every signed-in person.
ROWS += [
    Row("accounts:profile", lambda w: reverse("accounts:profile"), **signed_in_only()),
    Row(
        "accounts:profile",
        lambda w: reverse("accounts:profile"),
        method="POST",
        data=lambda w: {"display_name": ""},
        **signed_in_only(400),
    ),
    Row("accounts:data", lambda w: reverse("accounts:data"), **signed_in_only()),
    Row(
        "accounts:data-export",
        lambda w: reverse("accounts:data-export"),
        **signed_in_only(),
        # The expert's own download holds the opinion they wrote.
        shows_gated=("expert",),
    ),
    Row("accounts:delete", lambda w: reverse("accounts:delete"), **signed_in_only()),
    Row(
        "accounts:delete",
        lambda w: reverse("accounts:delete"),
        method="POST",
        data=lambda w: {"password": "not the password"},
        **signed_in_only(),
    ),
]
