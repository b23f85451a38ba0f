from babel import Locale
from babel.numbers import format_currency
from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, override, to_locale
from django.utils.translation import gettext_lazy as _

from practices.languages import shown_language

register = template.Library()


@register.filter
def money(amount, currency="EUR"):
    """Format an amount in the reader's locale: "€1,000,000" or "1 000 000 €".

    Whole amounts drop their cents, as people write budgets.
    """
    if amount is None:
        return ""
    locale = Locale.parse(to_locale(get_language() or "en"))
    pattern = locale.currency_formats["standard"].pattern
    if amount == amount.to_integral_value():
        pattern = pattern.replace(".00", "")
    return format_currency(
        amount, currency, format=pattern, locale=locale, currency_digits=False
    )


# The notes about a practice's language, per language of its original text.
ONLY_IN = {
    "en": _("This practice is available in English only."),
    "fr": _("This practice is available in French only."),
}
READ_ORIGINAL = {
    "en": _("Read the original (English)"),
    "fr": _("Read the original (French)"),
}
TRANSLATED_FROM = {
    "en": _("Translated by its author from English."),
    "fr": _("Translated by its author from French."),
}


@register.filter
def lang_attr(practice, part="text"):
    """Render ` lang="en"` where a practice's words differ from the page's language.

    ``part`` "text" is its title, summary and description (shown translated
    when the author translated them); anything else is always in its original.
    """
    language = practice.shown_language if part == "text" else practice.language
    if language == get_language():
        return ""
    return format_html(' lang="{}"', language)


@register.filter
def text_lang(instance, field):
    """Render ` lang="en"` where ``instance.field`` is not in the page's language.

    For the text of a practice's parts (and its resources note), each shown in
    the reader's language when translated, else in the original.
    """
    language = shown_language(instance, field)
    if language is None or language == get_language():
        return ""
    return format_html(' lang="{}"', language)


@register.inclusion_tag("practices/includes/_content_language.html")
def content_language_note(practice):
    """Say which language the practice is in when it is not the reader's."""
    original = practice.language
    with override(original):
        original_url = practice.get_absolute_url()
    return {
        "translated": practice.is_translated_for_reader,
        "foreign": original != get_language(),
        "original": original,
        "original_url": original_url,
        "only_in": ONLY_IN.get(original, ""),
        "read_original": READ_ORIGINAL.get(original, ""),
        "translated_from": TRANSLATED_FROM.get(original, ""),
    }
