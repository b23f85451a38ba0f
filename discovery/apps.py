from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    name = "discovery"
    verbose_name = _("Discovery: saved searches, comparison, map")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receiver)

    def personal_data(self, user):
        """The member's saved searches and followed topics.

        The notices of new practices they brought are following's notices.
        """
        from .models import SavedSearch, TopicFollow

        return {
            "saved_searches": [
                {
                    "name": search.name,
                    "search": search.query,
                    "frequency": search.frequency,
                    "created_at": search.created_at.isoformat(),
                }
                for search in SavedSearch.objects.filter(user=user)
            ],
            "followed_topics": [
                {
                    "topic": follow.topic.name,
                    "followed_since": follow.created_at.isoformat(),
                }
                for follow in TopicFollow.objects.filter(user=user).select_related(
                    "topic"
                )
            ],
        }

    def stop_emails(self, user):
        """Following's "stop all e-mails" stops the saved searches' too."""
        from .services import saved_searches_stop_emails

        saved_searches_stop_emails(user_id=user.pk)
