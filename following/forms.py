from django import forms
from django.utils.translation import gettext_lazy as _

from pages.forms import SpecificMessagesMixin

from .models import NotificationPreference


class NotificationPreferenceForm(SpecificMessagesMixin, forms.ModelForm):
    """Let a user choose how often they are e-mailed about followed practices."""

    required_messages = {"frequency": _("Choose how often we e-mail you")}

    class Meta:
        model = NotificationPreference
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}


class UnsubscribeForm(forms.Form):
    """Confirm, from an e-mail link, what the reader wants to stop."""

    STOP_ALL = "never"
    UNFOLLOW = "unfollow"

    action = forms.ChoiceField(
        choices=[(STOP_ALL, _("Stop all e-mails")), (UNFOLLOW, _("Stop following"))]
    )
