from django import template

from ..models import confirmed_transfers_of

register = template.Library()


@register.simple_tag
def confirmed_transfers(practice):
    """The practice's confirmed transfers (see ``confirmed_transfers_of``)."""
    return confirmed_transfers_of(practice)
