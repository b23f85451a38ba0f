from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    name = "following"
    verbose_name = _("Following practices")

    def personal_data(self, user):
        return {
            "follows": [
                {
                    "practice": follow.practice.title,
                    "url": follow.practice.get_absolute_url(),
                    "since": follow.created_at.isoformat(),
                }
                for follow in user.follows.select_related("practice")
            ],
        }
