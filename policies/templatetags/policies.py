from django import template

from ..models import PolicyTag, tags_of

register = template.Library()


@register.simple_tag
def practice_policy_tags(practice):
    """Return (objectives, goals) of a practice (see ``with_policy_tags``)."""
    tags = tags_of(practice)
    return (
        [tag for tag in tags if tag.kind == PolicyTag.Kind.OBJECTIVE],
        [tag for tag in tags if tag.kind == PolicyTag.Kind.SDG],
    )
