"""Content in both of the portal's languages (django-modeltranslation).

Each field named here gets a column per language (``name_en``, ``name_fr``).
Reading ``topic.name`` gives the reader's language, else the other one.
A practice's own text lives in the columns of ``practice.language`` (its
original); the other language's columns hold the author's translation, if any.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Practice, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)
    # A missing name is NULL, never "", so that names stay unique per language.
    empty_values = None


@register(Practice)
class PracticeTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description")
    # No translation is NULL in that language's columns.
    empty_values = None
