from django import template

from discovery.models import SavedSearch, TopicFollow

register = template.Library()


@register.inclusion_tag(
    "discovery/includes/_dashboard_saved_searches.html", takes_context=True
)
def saved_searches_panel(context, user):
    """The member's saved searches and followed topics, for the dashboard (2 queries).

    The new practices they found are among the dashboard's notices.
    """
    return {
        "saved_searches": list(SavedSearch.objects.filter(user=user)),
        "topic_follows": list(
            TopicFollow.objects.filter(user=user).select_related("topic")
        ),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }
