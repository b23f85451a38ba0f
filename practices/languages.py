"""The languages of content: which column holds which language's text.

Translated fields (practices/translation.py) have one column per language,
``title_en`` and ``title_fr``. A practice's original text is in the columns of
``practice.language``; a translation, if the author added one, in the other's.
"""

from django.conf import settings
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.utils import get_language

# The practice's own fields that an author may translate.
PRACTICE_TEXT_FIELDS = ("title", "summary", "description", "resources_note")
# Those that step 1 of the wizard edits, and search reads.
DESCRIPTION_FIELDS = ("title", "summary", "description")
# A part's translatable fields are its model's TEXT_FIELDS (practices/models/parts.py).


def content_languages():
    """The codes of the languages content may be written in (the portal's)."""
    return [code for code, _name in settings.LANGUAGES]


def language_name(code):
    """The language's name in the reader's language, for use inside a sentence.

    French writes language names in lower case ("en anglais"), English does not.
    """
    name = str(dict(settings.LANGUAGES).get(code, code))
    return name.lower() if get_language() == "fr" else name


def column(field, language):
    """The name of ``field``'s column in ``language`` (``title_fr``)."""
    return f"{field}_{language}"


def columns(field):
    """Every language's column of ``field``."""
    return [column(field, code) for code in content_languages()]


def shown_language(instance, field, language=None):
    """The language ``instance.field`` is shown in: the reader's, else another.

    The library's descriptor reads the reader's column, else the others; None
    when no column holds text.
    """
    language = language or get_language()
    others = [code for code in content_languages() if code != language]
    for code in [language, *others]:
        if getattr(instance, column(field, code), None):
            return code
    return None


def localized(field, language=None):
    """An expression: ``field`` in the reader's language, else in another one.

    For queries (sorting, aggregated names, headlines); model instances do the
    same when ``field`` is read as an attribute.
    """
    language = language or get_language()
    others = [code for code in content_languages() if code != language]
    text = TextField()
    return Coalesce(
        *[
            NullIf(F(column(field, code)), Value(""), output_field=text)
            for code in [language, *others]
        ],
        Value(""),
        output_field=text,
    )
