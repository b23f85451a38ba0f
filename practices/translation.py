"""Content in both of the portal's languages (django-modeltranslation).

Each field named here gets a column per language (``name_en``, ``name_fr``).
Reading ``topic.name`` gives the reader's language, else the other one.
A practice's own text lives in the columns of ``practice.language`` (its
original); the other language's columns hold the author's translation, if any.
So does the text of its parts (partners' roles, action axes, section items):
their original is in the columns of their practice's language.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import ActionAxis, Partnership, Practice, PracticeItem, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)
    # A missing name is NULL, never "", so that names stay unique per language.
    empty_values = None


@register(Practice)
class PracticeTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "resources_note")
    # No translation is NULL in that language's columns.
    empty_values = None


@register(Partnership)
class PartnershipTranslationOptions(TranslationOptions):
    fields = ("role",)
    empty_values = None


@register(ActionAxis)
class ActionAxisTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    empty_values = None


@register(PracticeItem)
class PracticeItemTranslationOptions(TranslationOptions):
    fields = ("text", "solution")
    empty_values = None
