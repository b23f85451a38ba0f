from django import forms
from django.utils.translation import gettext_lazy as _

from pages.forms import ENTER_PASSWORD, SpecificMessagesMixin

from .models import User


class ProfileForm(SpecificMessagesMixin, forms.ModelForm):
    """What peers read about the user, and their consent to be named as follower."""

    required_messages = {"display_name": _("Enter the name peers see")}

    class Meta:
        model = User
        fields = [
            "display_name",
            "job_title",
            "organisation",
            "country",
            "region",
            "is_listed_as_follower",
            "language",
        ]

    def clean_region(self):
        # Codes are capitals; a member may type them in small letters.
        return self.cleaned_data["region"].strip().upper()


class DeleteAccountForm(SpecificMessagesMixin, forms.Form):
    """Confirm the deletion of one's own account with one's password."""

    required_messages = {"password": ENTER_PASSWORD}

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("This is not your password. Your account was not deleted."),
                code="password_incorrect",
            )
        return password
