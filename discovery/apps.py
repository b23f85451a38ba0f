from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    name = "discovery"
    verbose_name = _("Discovery: saved searches, comparison, map")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receiver)

    def personal_data(self, user):
        """The member's saved searches and the alerts they received."""
        from .models import SavedSearch

        searches = SavedSearch.objects.filter(user=user).prefetch_related(
            "alerts__practice"
        )
        return {
            "saved_searches": [
                {
                    "name": search.name,
                    "search": search.query,
                    "frequency": search.frequency,
                    "created_at": search.created_at.isoformat(),
                    "alerts": [
                        {
                            "practice": alert.practice.title,
                            "created_at": alert.created_at.isoformat(),
                            "emailed_at": alert.emailed_at.isoformat()
                            if alert.emailed_at
                            else None,
                        }
                        for alert in search.alerts.all()
                    ],
                }
                for search in searches
            ]
        }
