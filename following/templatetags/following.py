from django import template

from practices.models import Follow

register = template.Library()


@register.simple_tag(takes_context=True)
def is_following(context, practice):
    """Return True if the signed-in user follows ``practice`` (one query at most).

    The practice page is cached for anonymous readers, so this personal bit is
    looked up here, for signed-in users only, rather than in the page's view.
    """
    if "is_following" in context:
        return context["is_following"]  # the practice page's view looked it up
    user = context["request"].user
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, practice=practice).exists()
