"""The tags' names in each of the portal's languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import PolicyTag


@register(PolicyTag)
class PolicyTagTranslationOptions(TranslationOptions):
    fields = ("name",)
