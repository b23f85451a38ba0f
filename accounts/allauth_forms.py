"""allauth's forms with the portal's specific messages (ACCOUNT_FORMS)."""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

from pages.forms import ENTER_EMAIL, ENTER_PASSWORD, SpecificMessagesMixin

NEW_PASSWORD = _("Enter a password")
PASSWORD_AGAIN = _("Enter the same password again")
EMAIL_FORMAT = _("Enter an e-mail address in the right format, like name@example.org")


class LoginForm(SpecificMessagesMixin, allauth_forms.LoginForm):
    required_messages = {"login": ENTER_EMAIL, "password": ENTER_PASSWORD}
    invalid_messages = {"login": EMAIL_FORMAT}


class SignupForm(SpecificMessagesMixin, allauth_forms.SignupForm):
    required_messages = {
        "email": ENTER_EMAIL,
        "password1": NEW_PASSWORD,
        "password2": PASSWORD_AGAIN,
    }
    invalid_messages = {"email": EMAIL_FORMAT}


class ResetPasswordForm(SpecificMessagesMixin, allauth_forms.ResetPasswordForm):
    required_messages = {"email": ENTER_EMAIL}
    invalid_messages = {"email": EMAIL_FORMAT}


class ResetPasswordKeyForm(SpecificMessagesMixin, allauth_forms.ResetPasswordKeyForm):
    required_messages = {"password1": NEW_PASSWORD, "password2": PASSWORD_AGAIN}


class ChangePasswordForm(SpecificMessagesMixin, allauth_forms.ChangePasswordForm):
    required_messages = {
        "oldpassword": _("Enter your current password"),
        "password1": _("Enter a new password"),
        "password2": PASSWORD_AGAIN,
    }


class AddEmailForm(SpecificMessagesMixin, allauth_forms.AddEmailForm):
    required_messages = {"email": _("Enter the e-mail address to add")}
    invalid_messages = {"email": EMAIL_FORMAT}


class ReauthenticateForm(SpecificMessagesMixin, allauth_forms.ReauthenticateForm):
    required_messages = {"password": ENTER_PASSWORD}
