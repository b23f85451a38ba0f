from django import template
from django.db.models import Count, Max

from discovery.models import SavedSearch, SearchAlert

register = template.Library()

LATEST_ALERTS = 10


@register.inclusion_tag("discovery/includes/_dashboard_saved_searches.html")
def saved_searches_panel(user):
    """The member's saved searches and latest alerts, for the dashboard (2 queries)."""
    searches = list(
        SavedSearch.objects.filter(user=user).annotate(
            alert_count=Count("alerts"), last_alert_at=Max("alerts__created_at")
        )
    )
    alerts = []
    if searches:
        alerts = list(
            SearchAlert.objects.filter(saved_search__user=user).select_related(
                "practice", "saved_search"
            )[:LATEST_ALERTS]
        )
    return {"saved_searches": searches, "alerts": alerts}
