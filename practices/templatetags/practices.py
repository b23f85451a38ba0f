from babel import Locale
from babel.numbers import format_currency
from django import template
from django.utils.translation import get_language, to_locale

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
