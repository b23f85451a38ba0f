"""Specific error messages, the GOV.UK way: "Enter a subject", not a generic one."""

from django.utils.translation import gettext_lazy as _


class SpecificMessagesMixin:
    """Give fields their own messages for a missing or a malformed value.

    ``required_messages`` and ``invalid_messages`` map a field's name to its
    message; fields not named keep Django's.
    """

    required_messages = {}
    invalid_messages = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.required_messages.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        for name, message in self.invalid_messages.items():
            if name in self.fields:
                self.fields[name].error_messages["invalid"] = message


ENTER_EMAIL = _("Enter your e-mail address")
ENTER_PASSWORD = _("Enter your password")
