"""The portal's identity: its name in each language and who runs it, from settings."""

from django.conf import settings
from django.utils.translation import get_language


def portal_name(language=None):
    """The portal's name in ``language`` (the active one by default)."""
    names = settings.PORTAL_NAME
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return names.get(code) or names[settings.LANGUAGE_CODE]


def email_subject_prefix(language=None):
    """The prefix of every e-mail's subject: "[Portal name] ", in the language."""
    return f"[{portal_name(language)}] "
